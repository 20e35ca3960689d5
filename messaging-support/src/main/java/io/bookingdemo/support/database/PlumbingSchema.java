package io.bookingdemo.support.database;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * A part of the plumbing's tables, such as the outbox's, that Flyway migrates from its
 * own location into its own history table, apart from the service's migrations.
 *
 * @param location the Flyway location of the part's versioned migrations
 * @param historyTable the table Flyway records them in
 */
public record PlumbingSchema(String location, String historyTable) {

	/**
	 * Applies the part's migrations that the database has not had yet.
	 * @param dataSource the service's database
	 */
	public void migrate(DataSource dataSource) {
		Flyway.configure(PlumbingSchema.class.getClassLoader())
			.dataSource(dataSource)
			.locations(this.location)
			.table(this.historyTable)
			// The service's tables are there already, which Flyway refuses without a
			// baseline; one below V1 lets every migration of the part run.
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

}
