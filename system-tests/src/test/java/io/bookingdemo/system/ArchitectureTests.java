package io.bookingdemo.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that the imports show the structure: each service uses the shared plumbing and
 * never another service, the plumbing knows no service, a service's domain never reaches
 * back into its messaging package, the core plumbing needs none of the web, operations
 * and observability modules built around it, and no production code depends on the local
 * test support or the local demo's runtime.
 */
class ArchitectureTests {

	private static final List<String> MODULES = List.of("messaging-support", "web-support", "operations-support",
			"observability-support", "booking-api", "payment-service", "ledger-service", "notification-service");

	private static final String[] SERVICES = { "io.bookingdemo.booking..", "io.bookingdemo.payment..",
			"io.bookingdemo.ledger..", "io.bookingdemo.notification.." };

	private static final JavaClasses PRODUCTION = classesOf(MODULES);

	// The modules that build on the core plumbing; they share its packages, so a class's
	// module shows only in the build folder it comes from.
	private static final List<String> AROUND_THE_CORE = List.of("web-support", "operations-support",
			"observability-support");

	// Guards the rules below against passing on nothing, should a build folder be
	// missing.
	@Test
	void readsTheCompiledClassesOfEveryModule() {
		assertThat(PRODUCTION.stream().map((javaClass) -> javaClass.getPackageName().split("\\.")[2]).distinct())
			.containsExactlyInAnyOrder("support", "booking", "payment", "ledger", "notification");
	}

	@Test
	void servicesNeverDependOnEachOther() {
		slices().matching("io.bookingdemo.(booking|payment|ledger|notification)..")
			.should()
			.notDependOnEachOther()
			.check(PRODUCTION);
	}

	@Test
	void sharedPlumbingKnowsNoService() {
		noClasses().that()
			.resideInAPackage("io.bookingdemo.support..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SERVICES)
			.check(PRODUCTION);
	}

	@Test
	void everyServiceUsesTheSharedPlumbing() {
		for (String service : SERVICES) {
			String prefix = service.replace("..", ".");
			assertThat(PRODUCTION.stream()
				.filter((javaClass) -> javaClass.getName().startsWith(prefix))
				.flatMap((javaClass) -> javaClass.getDirectDependenciesFromSelf().stream())
				.map((dependency) -> dependency.getTargetClass().getPackageName())).as(service)
				.anyMatch((target) -> target.startsWith("io.bookingdemo.support."));
		}
	}

	@Test
	void domainNeverReachesBackIntoMessaging() {
		noClasses().that()
			.resideOutsideOfPackage("io.bookingdemo.*.messaging..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.bookingdemo.*.messaging..")
			.check(PRODUCTION);
	}

	@Test
	void corePlumbingNeedsNoneOfTheModulesAroundIt() {
		Set<String> around = classesOf(AROUND_THE_CORE).stream().map(JavaClass::getName).collect(Collectors.toSet());
		assertThat(around).isNotEmpty();
		assertThat(classesOf(List.of("messaging-support")).stream()
			.flatMap((javaClass) -> javaClass.getDirectDependenciesFromSelf().stream())
			.filter((dependency) -> around.contains(dependency.getTargetClass().getName()))
			.map(Dependency::getDescription)).isEmpty();
	}

	@Test
	void productionCodeNeverDependsOnTestSupport() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bookingdemo.testsupport..", "io.bookingdemo.local..", "io.bookingdemo.infra..",
					"org.testcontainers..", "io.zonky..")
			.check(PRODUCTION);
	}

	private static JavaClasses classesOf(List<String> modules) {
		return new ClassFileImporter().importPaths(modules.stream()
			.map((module) -> Path.of(System.getProperty("services.dir"), module, "target", "classes"))
			.toList());
	}

}
