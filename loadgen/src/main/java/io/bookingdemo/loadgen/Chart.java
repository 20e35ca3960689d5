package io.bookingdemo.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a run over time: the offered and accepted rates with each consumer's processing
 * rate, the API's p99 latency, and the depth of every queue (a dead-letter queue only if
 * it held a message).
 */
final class Chart {

	private Chart() {
	}

	static void write(Path file, String title, Instant startedAt, List<Timeline.Sample> samples,
			Map<Stage, EndToEnd.Result> results) throws IOException {
		XYSeriesCollection rates = new XYSeriesCollection();
		XYSeries offered = new XYSeries("offered (sent/s)");
		XYSeries accepted = new XYSeries("accepted/s");
		XYSeries p99 = new XYSeries("API p99 of the second (ms)");
		Map<String, XYSeries> depths = new TreeMap<>();
		for (Timeline.Sample sample : samples) {
			offered.add(sample.second(), sample.offered());
			accepted.add(sample.second(), sample.accepted());
			if (sample.apiP99Ms() != null) {
				p99.add(sample.second(), sample.apiP99Ms());
			}
			sample.backlog()
				.forEach((queue, depth) -> depths.computeIfAbsent(queue, XYSeries::new).add(sample.second(), depth));
		}
		rates.addSeries(offered);
		rates.addSeries(accepted);
		results.forEach((stage, result) -> {
			XYSeries processed = new XYSeries(stage.service() + " messages/s");
			List<Long> counts = LoadCommand.perSecond(startedAt, result.handled);
			for (int second = 0; second < counts.size(); second++) {
				processed.add(second + 1, counts.get(second));
			}
			rates.addSeries(processed);
		});
		XYSeriesCollection backlog = new XYSeriesCollection();
		depths.forEach((queue, series) -> {
			if (!Backlog.isDeadLetterQueue(queue) || series.getMaxY() > 0) {
				backlog.addSeries(series);
			}
		});

		// One palette across the three plots, so that no two series in the shared legend
		// look alike.
		DefaultDrawingSupplier palette = new DefaultDrawingSupplier();
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the start"));
		plot.add(plot(rates, "per second", palette), 3);
		plot.add(plot(new XYSeriesCollection(p99), "API p99 (ms)", palette), 2);
		plot.add(plot(backlog, "queue backlog (messages)", palette), 3);
		JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 900);
	}

	private static XYPlot plot(XYSeriesCollection data, String label, DefaultDrawingSupplier palette) {
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
		for (int i = 0; i < data.getSeriesCount(); i++) {
			Paint paint = palette.getNextPaint();
			renderer.setSeriesPaint(i, paint);
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		XYPlot plot = new XYPlot(data, null, new NumberAxis(label), renderer);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		return plot;
	}

}
