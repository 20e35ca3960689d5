package io.bookingdemo.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The percentiles every summary quotes, in milliseconds.
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The usual percentiles of a histogram.
	 * @param histogram the values
	 * @param unitsPerMs how many of the histogram's units make a millisecond
	 * @return count, p50, p90, p99, p99.9 and max in milliseconds
	 */
	static Map<String, Object> of(Histogram histogram, double unitsPerMs) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("count", histogram.getTotalCount());
		if (histogram.getTotalCount() == 0) {
			return figures;
		}
		figures.put("p50", round(histogram.getValueAtPercentile(50) / unitsPerMs));
		figures.put("p90", round(histogram.getValueAtPercentile(90) / unitsPerMs));
		figures.put("p99", round(histogram.getValueAtPercentile(99) / unitsPerMs));
		figures.put("p99_9", round(histogram.getValueAtPercentile(99.9) / unitsPerMs));
		figures.put("max", round(histogram.getMaxValue() / unitsPerMs));
		return figures;
	}

	static String line(Map<String, Object> figures) {
		if (!figures.containsKey("p50")) {
			return "no values";
		}
		return String.format("p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms", figures.get("p50"), figures.get("p90"),
				figures.get("p99"), figures.get("p99_9"), figures.get("max"));
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
