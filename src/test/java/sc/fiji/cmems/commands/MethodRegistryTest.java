package sc.fiji.cmems.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;

import sc.fiji.cmems.benchmark.MethodVariant;
import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.TrainingPlan;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * Every list of methods is derived from the registry ({@link TrainingMethods}):
 * Fiji's choices, the benchmark's methods and variants, the settings check,
 * the progress lines (the training window's curves: {@code CurveLabelsTest}),
 * and no method name is written by hand anywhere else in the plugin.
 */
class MethodRegistryTest {

	@Test
	void fijiOffersTheRegisteredMethods() {
		final Context context = new Context();
		try {
			final CommandRunner runner = new CommandRunner(context);
			final Module module = runner.initialised(context.service(CommandService.class).getCommand(TrainFromExemplar.class));
			assertEquals(TrainingMethods.offeredNames(), module.getInfo().getInput("method").getChoices());
			final String help = module.getInfo().getInput("method").getDescription();
			for (final MethodDescriptor d : TrainingMethods.all())
				if (d.offered()) assertTrue(help.contains(d.name() + ": " + d.description()), "the dialog says what " + d.name() + " does: " + help);
			assertEquals(TrainingMethods.DEFAULT, module.getInput("method"));
		}
		finally {
			context.dispose();
		}
		for (final MethodDescriptor d : TrainingMethods.all()) assertEquals(!d.needsLabeledPool(), d.offered(), d + ": Fiji's command takes no labeled pool");
	}

	@Test
	void theBenchmarkComparesEveryMethodAndVariant() {
		final List<String> expected = new ArrayList<>();
		for (final MethodDescriptor d : TrainingMethods.all()) {
			expected.add(d.name());
			for (final MethodDescriptor.Variant v : d.variants()) expected.add(v.id);
		}
		assertEquals(expected, MethodVariant.ids());
		assertEquals(TrainingMethods.names(), Arrays.asList(MethodVariant.methods().stream().map(MethodVariant::id).toArray(String[]::new)));
		for (final String id : MethodVariant.ids()) {
			final TrainingSettings s = new TrainingSettings();
			MethodVariant.of(id).apply(s);
			s.check(); // every variant's settings exist and are valid
		}
	}

	@Test
	void settingsAcceptExactlyTheRegisteredMethods() {
		for (final String name : TrainingMethods.names()) {
			final TrainingSettings s = new TrainingSettings();
			s.method = name;
			s.check();
		}
		final TrainingSettings s = new TrainingSettings();
		s.method = "magic";
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::check);
		assertTrue(e.getMessage().contains(TrainingMethods.names().toString()), e.getMessage());
	}

	/** The progress lines take the statistic's label from the method that trains. */
	@Test
	void progressShowsTheDescriptorsStatistic() {
		final MethodDescriptor cmems = TrainingMethods.get(TrainingMethods.DEFAULT);
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true), null, 1);
		printer.started(new TrainingPlan(cmems.name(), "CPU", 0, 1, 4, 1, 3, 0, 10, 2));
		final Map<String, Float> terms = new LinkedHashMap<>();
		terms.put("sup1", 1f);
		final Map<String, float[]> statistics = new LinkedHashMap<>();
		statistics.put(cmems.progress().key + "1", new float[] { 0.5f, 0.25f, 0.125f, 0f });
		printer.iterationDone(new IterationReport(1, 1, 1f, terms, statistics, 0.01f, 1, 0));
		final String line = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		assertTrue(line.contains(cmems.progress().label + " % c1 25.0 c2 12.5"), line);
	}

	/** The speed bench can time every method that learns from unlabeled images (with a PyTorch twin or without). */
	@Test
	void theSpeedBenchCoversEveryMethod() {
		for (final MethodDescriptor d : TrainingMethods.all())
			if (d.needsUnlabeled()) assertTrue(sc.fiji.cmems.bench.BenchSettings.CASES.contains(d.name()), d.name() + " in " + sc.fiji.cmems.bench.BenchSettings.CASES);
	}

	/**
	 * No method name or variant id is written as a string anywhere in the
	 * plugin but in the descriptors (each in its method's file,
	 * {@code engine/method/*Method.java}). Exception: the speed bench's two step
	 * cases ("cmems", "supervised"), which name the two steps its PyTorch twin
	 * implements, not methods of the registry.
	 */
	@Test
	void noMethodNameIsWrittenByHand() throws IOException {
		final List<String> names = MethodVariant.ids();
		final Pattern literal = Pattern.compile("\"([a-z,-]+)\""); // a name alone, or in a list such as "supervised,cmems"
		final List<String> offenders = new ArrayList<>();
		final Path root = Paths.get("src/main/java/sc/fiji/cmems");
		try (Stream<Path> files = Files.walk(root)) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				final String rel = root.relativize(f).toString().replace('\\', '/');
				if (rel.matches("engine/method/[A-Za-z]+Method\\.java") || rel.startsWith("bench/")) continue; // a method's file holds its descriptor
				final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
				for (int i = 0; i < lines.size(); i++) {
					final String line = lines.get(i).trim();
					if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) continue;
					final Matcher m = literal.matcher(line);
					while (m.find())
						for (final String word : m.group(1).split(",")) if (names.contains(word)) offenders.add(rel + ":" + (i + 1) + ": " + line);
				}
			}
		}
		assertTrue(offenders.isEmpty(), "method names written by hand (derive them from TrainingMethods):\n" + String.join("\n", offenders));
	}
}
