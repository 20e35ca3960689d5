package io.bookingdemo.system;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import io.bookingdemo.infra.topology.Topology;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docker-compose.yml}, the Prometheus configurations and the local demo's
 * settings ({@code infra/demo.properties}) in step with the code: every service, port and
 * environment variable they name exists in the modules, and both ways of running the
 * system expose the same ports and jobs.
 */
class ComposeConsistencyTests {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

	/** Read by the AWS SDK itself rather than by an application.yml placeholder. */
	private static final Set<String> AWS_SDK_VARIABLES = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

	/** The services that run once at start-up and exit. */
	private static final Set<String> ONE_SHOT = Set.of("provisioner", "tokens");

	private final Path root = Path.of(System.getProperty("services.dir", ".."));

	private final JsonNode compose = YAML.readTree(read("docker-compose.yml"));

	@Test
	void everyBuiltServiceIsAModuleWithItsOwnPortAndPlaceholders() {
		Map<String, JsonNode> services = moduleServices();
		assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(moduleNames());
		services.forEach((name, service) -> {
			Map<String, String> placeholders = placeholders(name);
			String port = placeholders.get("PORT");
			assertThat(port).as("PORT default of %s", name).isNotNull();
			assertThat(texts(service.path("ports"))).as("ports of %s", name)
				.containsExactly("127.0.0.1:" + port + ":" + port);
			assertThat(service.path("environment").path("PORT").asString()).as("PORT of %s", name).isEqualTo(port);
			service.path("environment")
				.propertyNames()
				.forEach((variable) -> assertThat(variable).as("environment variable of %s", name)
					.satisfiesAnyOf((value) -> assertThat(placeholders).containsKey(value),
							(value) -> assertThat(AWS_SDK_VARIABLES).contains(value)));
			assertThat(service.path("healthcheck").path("test").toString()).as("healthcheck of %s", name)
				.contains("localhost:" + port + "/actuator/health/readiness");
		});
	}

	@Test
	void theFifoOverrideRunsTheProvisionerAndEveryServiceInFifoMode() {
		JsonNode fifo = YAML.readTree(read("docker-compose.fifo.yml")).path("services");
		assertThat(texts(fifo.path("provisioner").path("command"))).containsSequence("--mode", "fifo")
			.containsSubsequence(texts(this.compose.path("services").path("provisioner").path("command")));
		Topology fifoTopology = Topology.declared().inMode(Topology.Mode.FIFO);
		moduleServices().forEach((name, service) -> {
			assertThat(placeholders(name)).as("placeholders of %s", name).containsEntry("MESSAGING_MODE", "standard");
			JsonNode environment = fifo.path(name).path("environment");
			assertThat(environment.path("MESSAGING_MODE").asString()).as("mode of %s", name).isEqualTo("fifo");
			fifoTopology.environmentOf(name)
				.forEach((variable, resource) -> assertThat(environment.path(variable).asString())
					.as("%s of %s", variable, name)
					.isEqualTo(resource));
		});
		assertThat(fifo.propertyNames()).as("services the override touches")
			.allSatisfy((name) -> assertThat(this.compose.path("services").has(name)).isTrue());
	}

	@Test
	void everyServiceUsesADatabaseAndUserThatTheInitScriptCreates() {
		String script = read("infra/postgres/create-databases.sql");
		moduleServices().forEach((name, service) -> {
			JsonNode environment = service.path("environment");
			String database = environment.path("DB_URL").asString().replaceFirst(".*/", "");
			assertThat(script).as("database of %s", name)
				.contains("create database " + database + " owner " + environment.path("DB_USER").asString());
			assertThat(script).contains("create role " + environment.path("DB_USER").asString() + " login password '"
					+ environment.path("DB_PASSWORD").asString() + "'");
		});
	}

	@Test
	void everyServiceWaitsForHealthyDependenciesAndEveryLongRunningContainerHasAHealthcheck() {
		this.compose.path("services").properties().forEach((entry) -> {
			String name = entry.getKey();
			JsonNode service = entry.getValue();
			if (!ONE_SHOT.contains(name)) {
				assertThat(service.has("healthcheck")).as("healthcheck of %s", name).isTrue();
			}
			service.path("depends_on").properties().forEach((dependency) -> {
				assertThat(this.compose.path("services").has(dependency.getKey())).isTrue();
				String expected = ONE_SHOT.contains(dependency.getKey()) ? "service_completed_successfully"
						: "service_healthy";
				assertThat(dependency.getValue().path("condition").asString())
					.as("%s depends on %s", name, dependency.getKey())
					.isEqualTo(expected);
			});
			if (service.has("image")) {
				assertThat(service.path("image").asString()).as("image of %s", name)
					.matches(".+:[^:]+")
					.doesNotEndWith(":latest");
			}
		});
		assertThat(this.compose.path("services").path("localstack").path("image").asString())
			.isEqualTo("localstack/localstack:4.14.0");
	}

	@Test
	void bothPrometheusConfigurationsScrapeEveryServiceOnItsPort() {
		Map<String, String> ports = new TreeMap<>();
		moduleNames().forEach((name) -> ports.put(name, placeholders(name).get("PORT")));
		assertThat(scrapeTargets("infra/prometheus/prometheus.yml"))
			.isEqualTo(mapValues(ports, (name, port) -> name + ":" + port));
		assertThat(scrapeTargets("infra/prometheus/prometheus-local.yml"))
			.isEqualTo(mapValues(ports, (name, port) -> "127.0.0.1:" + port));
	}

	@Test
	void localDemoUsesTheServicesPorts() {
		Properties demo = demoProperties();
		moduleNames().forEach((name) -> assertThat(demo.getProperty(portKey(name))).as("the demo's port of %s", name)
			.isEqualTo(placeholders(name).get("PORT")));
		assertThat(demo).containsEntry("FAUXQS_PORT", "4566").containsEntry("POSTGRES_PORT", "5432");
		assertThat(texts(this.compose.path("services").path("localstack").path("ports")))
			.containsExactly("127.0.0.1:4566:4566");
		assertThat(texts(this.compose.path("services").path("postgres").path("ports")))
			.containsExactly("127.0.0.1:5432:5432");
	}

	@Test
	void everyServiceSendsItsSpansToZipkinAndLogsJsonWhereTheDemoLogsReadableLines() {
		JsonNode zipkin = this.compose.path("services").path("zipkin");
		assertThat(zipkin.path("image").asString()).matches("openzipkin/zipkin:3\\.\\d+\\.\\d+");
		assertThat(texts(zipkin.path("ports"))).containsExactly("127.0.0.1:9411:9411");
		assertThat(demoProperties()).containsEntry("ZIPKIN_PORT", "9411");
		moduleServices().forEach((name, service) -> {
			JsonNode environment = service.path("environment");
			assertThat(environment.path("ZIPKIN_ENDPOINT").asString()).as("ZIPKIN_ENDPOINT of %s", name)
				.isEqualTo("http://zipkin:9411/api/v2/spans");
			assertThat(environment.path("LOG_FORMAT").asString()).as("LOG_FORMAT of %s", name).isEqualTo("ecs");
			assertThat(placeholders(name)).as("placeholders of %s", name).containsEntry("LOG_FORMAT", "");
		});
	}

	@Test
	void everyPortIsPublishedOnLoopbackOnly() {
		this.compose.path("services")
			.properties()
			.forEach((entry) -> assertThat(texts(entry.getValue().path("ports"))).as("ports of %s", entry.getKey())
				.allSatisfy((port) -> assertThat(port).matches("127\\.0\\.0\\.1:\\d+:\\d+")));
	}

	@Test
	void everyServiceAndPrometheusTrustTheKeyPairOfTheTokensService() {
		JsonNode services = this.compose.path("services");
		List<String> init = texts(services.path("tokens").path("command"));
		assertThat(init).hasSize(4).startsWith("init");
		String issuer = init.get(3);
		String publicDir = init.get(2);
		String publicVolume = volumeAt(services.path("tokens"), publicDir);
		assertThat(volumeAt(services.path("tokens"), init.get(1))).as("the private key's volume")
			.isNotEqualTo(publicVolume);
		moduleServices().forEach((name, service) -> {
			JsonNode environment = service.path("environment");
			assertThat(environment.path("JWT_ISSUER").asString()).as("JWT_ISSUER of %s", name).isEqualTo(issuer);
			String key = environment.path("JWT_PUBLIC_KEY_LOCATION").asString();
			assertThat(key).as("JWT_PUBLIC_KEY_LOCATION of %s", name).startsWith("file:/");
			String mount = key.substring("file:".length(), key.lastIndexOf('/'));
			assertThat(volumeAt(service, mount)).as("volume at %s in %s", mount, name).isEqualTo(publicVolume);
			assertThat(service.path("depends_on").has("tokens")).as("%s waits for the tokens", name).isTrue();
		});
		String tokenFile = YAML.readTree(read("infra/prometheus/prometheus.yml"))
			.path("scrape_configs")
			.path(0)
			.path("authorization")
			.path("credentials_file")
			.asString();
		assertThat(volumeAt(services.path("prometheus"), tokenFile.substring(0, tokenFile.lastIndexOf('/'))))
			.isEqualTo(publicVolume);
		YAML.readTree(read("infra/prometheus/prometheus.yml"))
			.path("scrape_configs")
			.forEach((job) -> assertThat(job.path("authorization").path("credentials_file").asString())
				.as("token of job %s", job.path("job_name").asString())
				.isEqualTo(tokenFile));
	}

	@Test
	void dockerfileCopiesTheJarsOfThisVersion() {
		assertThat(read("Dockerfile")).contains("ARG VERSION=" + System.getProperty("services.version"));
	}

	/**
	 * The named volume a compose service mounts at a path.
	 */
	private static String volumeAt(JsonNode service, String path) {
		return texts(service.path("volumes")).stream()
			.map((volume) -> volume.split(":"))
			.filter((volume) -> volume[1].equals(path))
			.map((volume) -> volume[0])
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume at " + path));
	}

	private Map<String, JsonNode> moduleServices() {
		Map<String, JsonNode> services = new LinkedHashMap<>();
		this.compose.path("services").properties().forEach((entry) -> {
			String module = entry.getValue().path("build").path("args").path("MODULE").asString(null);
			if (module != null) {
				assertThat(module).as("MODULE of compose service %s", entry.getKey()).isEqualTo(entry.getKey());
				services.put(module, entry.getValue());
			}
		});
		return services;
	}

	/**
	 * The reactor's modules that are Spring Boot services, known by their
	 * application.yml.
	 */
	private Set<String> moduleNames() {
		Matcher matcher = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
		Set<String> names = new TreeSet<>();
		while (matcher.find()) {
			if (Files.isRegularFile(applicationYml(matcher.group(1)))) {
				names.add(matcher.group(1));
			}
		}
		assertThat(names).isNotEmpty();
		return names;
	}

	private Map<String, String> placeholders(String module) {
		Matcher matcher = PLACEHOLDER.matcher(read(this.root.relativize(applicationYml(module)).toString()));
		Map<String, String> placeholders = new LinkedHashMap<>();
		while (matcher.find()) {
			placeholders.put(matcher.group(1), matcher.group(2));
		}
		return placeholders;
	}

	private Path applicationYml(String module) {
		return this.root.resolve(module).resolve("src/main/resources/application.yml");
	}

	private Map<String, String> scrapeTargets(String file) {
		Map<String, String> targets = new TreeMap<>();
		YAML.readTree(read(file)).path("scrape_configs").forEach((job) -> {
			assertThat(job.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
			List<String> jobTargets = texts(job.path("static_configs").path(0).path("targets"));
			assertThat(jobTargets).as("targets of job %s in %s", job.path("job_name").asString(), file).hasSize(1);
			targets.put(job.path("job_name").asString(), jobTargets.get(0));
		});
		return targets;
	}

	private static Map<String, String> mapValues(Map<String, String> map, BiFunction<String, String, String> function) {
		return map.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> function.apply(entry.getKey(), entry.getValue()),
					(a, b) -> a, TreeMap::new));
	}

	private static List<String> texts(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
	}

	// The local demo's settings, which demo.sh, the scenarios and the load generator
	// read.
	private Properties demoProperties() {
		Properties properties = new Properties();
		try (StringReader reader = new StringReader(read("infra/demo.properties"))) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	private static String portKey(String name) {
		return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
	}

	private String read(String file) {
		try {
			return Files.readString(this.root.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
