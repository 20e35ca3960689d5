package io.bookingdemo.support.database;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.IntSupplier;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes a table's rows older than a cutoff a batch at a time, each batch its own short
 * statement, so that a backlog never makes one delete that holds many row locks or
 * outlasts the statement timeout; a row another transaction holds is left for the next
 * purge rather than waited for.
 */
public final class BatchedDelete {

	private final JdbcClient jdbc;

	private final String statement;

	private final int batchSize;

	/**
	 * Prepares the deletion of a table's old rows.
	 * @param jdbc the database
	 * @param table the table
	 * @param key the table's key column
	 * @param timeColumn the column compared with the cutoff
	 * @param batchSize the most rows one statement deletes
	 */
	public BatchedDelete(JdbcClient jdbc, String table, String key, String timeColumn, int batchSize) {
		this.jdbc = jdbc;
		this.statement = """
				delete from %1$s where %2$s in (
				    select %2$s from %1$s where %3$s < ? limit ? for update skip locked)""".formatted(table, key,
				timeColumn);
		this.batchSize = batchSize;
	}

	/**
	 * Deletes the rows older than the cutoff.
	 * @param cutoff the oldest time kept
	 * @return the rows deleted
	 */
	public int before(Instant cutoff) {
		Timestamp before = Timestamp.from(cutoff);
		return untilShort(this.batchSize, () -> this.jdbc.sql(this.statement).params(before, this.batchSize).update());
	}

	/**
	 * Runs a deleting statement until it deletes fewer rows than a batch may hold, for
	 * the deletions a cutoff cannot describe.
	 * @param batchSize the most rows one run of the statement deletes
	 * @param batch runs the statement once and answers the rows it deleted
	 * @return the rows deleted in all
	 */
	public static int untilShort(int batchSize, IntSupplier batch) {
		int total = 0;
		int deleted;
		do {
			deleted = batch.getAsInt();
			total += deleted;
		}
		while (deleted == batchSize);
		return total;
	}

}
