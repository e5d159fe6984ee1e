package sc.fiji.cmems.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.method.CmemsMethod;
import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.TestData;

/**
 * The ACDC benchmark end to end at a CI-sized budget (tiny training on a few
 * slices, two evaluation volumes). Reads {@code ACDC_DIR}; with {@code CI} set,
 * missing data fails the test instead of skipping it.
 */
class BenchmarkTest {

	@Test
	void defaultExemplarFollowsTheProtocolRule() throws IOException {
		// checked independently with h5py: among patient099_frame01 slices, slice_3 maximises
		// min(#RV, #Myo, #LV) = min(1365, 505, 790) = 505
		assertEquals("patient099_frame01_slice_3", ExemplarRule.defaultExemplar(new AcdcData(TestData.acdcDir())));
	}

	@Test
	void aPatientIdPicksThatPatientsSliceByTheSameRule() throws IOException {
		final AcdcData data = new AcdcData(TestData.acdcDir());
		final String chosen = ExemplarRule.forPatient(data, "patient038");
		assertTrue(chosen.startsWith("patient038_frame01_slice_"), chosen);
		final long chosenScore = ExemplarRule.minForeground(data.slice(chosen));
		int candidates = 0;
		for (final String id : data.trainSlices()) {
			if (!id.startsWith("patient038_frame01_")) continue;
			candidates++;
			assertTrue(ExemplarRule.minForeground(data.slice(id)) <= chosenScore, id + " has more of its rarest class than " + chosen);
		}
		assertTrue(candidates > 1, "patient038 has several frame01 slices");
		assertTrue(chosenScore > 0, "the chosen slice shows all three structures");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExemplarRule.forPatient(data, "patient999"));
		assertTrue(e.getMessage().contains("patient999"), e.getMessage());
	}

	/** The label budgets: SSL4MIS's splits are the first 32 / 68 slices of the list; '+' joins slices into a set. */
	@Test
	void labelBudgetsNameTheirSlices() throws IOException {
		final AcdcData data = new AcdcData(TestData.acdcDir());
		final LabelBudget three = LabelBudget.resolve("cases3", data);
		assertEquals(68, three.slices.size());
		assertEquals(data.trainSlices().subList(0, 68), three.slices);
		assertEquals("patient100_frame01_slice_3", data.trainSlices().get(68), "the 69th slice starts a fourth patient");
		assertEquals(32, LabelBudget.resolve("cases1", data).slices.size());
		final LabelBudget set = LabelBudget.resolve("default+patient099_frame01_slice_5+patient038", data);
		assertEquals(Arrays.asList("patient099_frame01_slice_3", "patient099_frame01_slice_5", ExemplarRule.forPatient(data, "patient038")), set.slices);
		assertEquals(String.join("+", set.slices), set.key);
		assertTrue(LabelBudget.resolve("default", data).oneSlice());
		assertThrows(IllegalArgumentException.class, () -> LabelBudget.resolve("default++patient038", data));
		// three positions of patient099's end diastole (16 slices: runs 1-5, 6-10, 11-16), the rule in each
		final LabelBudget positions = LabelBudget.resolve("defaultx3", data);
		assertEquals("defaultx3", positions.key);
		assertEquals(3, positions.slices.size());
		final int[] runEnds = { 5, 10, 16 };
		for (int k = 0; k < 3; k++) {
			final String id = positions.slices.get(k);
			final int slice = Integer.parseInt(id.substring(id.lastIndexOf('_') + 1));
			assertTrue(id.startsWith("patient099_frame01_") && slice > (k == 0 ? 0 : runEnds[k - 1]) && slice <= runEnds[k], positions.slices.toString());
			for (final String other : data.trainSlices()) {
				if (!other.startsWith("patient099_frame01_")) continue;
				final int n = Integer.parseInt(other.substring(other.lastIndexOf('_') + 1));
				if (n > (k == 0 ? 0 : runEnds[k - 1]) && n <= runEnds[k])
					assertTrue(ExemplarRule.minForeground(data.slice(other)) <= ExemplarRule.minForeground(data.slice(id)), other + " beats " + id);
			}
		}
		assertEquals("patient099_frame01_slice_3", positions.slices.get(0), "the first run holds the one-slice exemplar");
	}

	@Test
	void tinyBenchmarkWritesFiniteResultsAndResumes(@TempDir final Path out) throws IOException {
		final Benchmark.Options o = new Benchmark.Options();
		o.acdc = TestData.acdcDir();
		o.out = out;
		o.slices = 12;
		o.methods = Arrays.asList(MethodVariant.of("supervised"), MethodVariant.of("cmems"), MethodVariant.of("fully-supervised"));
		o.evaluate = "patient002_frame01,patient002_frame02";
		o.validation = "patient019_frame01";
		o.settings.iterations = 2;
		o.settings.imageSize = 32;
		o.settings.exemplarBatch = 1;
		o.settings.syntheticBatch = 1;
		o.settings.unlabeledBatch = 2;
		o.settings.validateEvery = 1;
		final ByteArrayOutputStream log = new ByteArrayOutputStream();
		final JsonObject report = Benchmark.run(o, new PrintStream(log, true));
		assertEquals(3, report.getAsJsonArray("runs").size());
		for (final String m : new String[] { "supervised", "cmems", "fully-supervised" }) {
			final Path run = out.resolve("patient099_frame01_slice_3").resolve(m);
			for (final String f : new String[] { "model.cmems", "summary.json", "volumes.csv", "overlays.png" }) assertTrue(Files.isRegularFile(run.resolve(f)), m + "/" + f);
			assertTrue(Files.notExists(run.resolve("checkpoint.cmems")), "checkpoint removed once the run is complete");
			final List<String> rows = Files.readAllLines(run.resolve("volumes.csv"));
			assertEquals(1 + 2 * 3, rows.size(), "header + 2 volumes x 3 classes");
			for (final String row : rows.subList(1, rows.size())) {
				final double dice = Double.parseDouble(row.split(",")[4]);
				assertTrue(dice >= 0 && dice <= 1, row);
			}
		}
		for (int i = 0; i < 3; i++) {
			final JsonObject r = report.getAsJsonArray("runs").get(i).getAsJsonObject();
			final double mean = r.get("mean_dice").getAsDouble();
			assertTrue(mean >= 0 && mean <= 1, r.get("method") + " mean Dice " + mean);
			assertTrue(r.get("training_seconds").getAsDouble() > 0);
			assertTrue(r.getAsJsonObject("settings").get("iterations").getAsInt() == 2, "the exact settings are recorded");
			assertTrue(r.get("device").getAsString().startsWith("CPU"));
		}
		final String md = new String(Files.readAllBytes(out.resolve("results.md")), StandardCharsets.UTF_8);
		assertTrue(md.contains("| exemplar only |") && md.contains("full CMEMS") && md.contains("upper bound"), md);
		for (final String row : md.split("\n"))
			if (row.startsWith("| ") && !row.startsWith("| method")) {
				// the column "vs exemplar only": a difference for every other method, none for the baseline itself
				final String versus = row.split("\\|")[6].trim();
				assertTrue(row.startsWith("| exemplar only |") ? versus.equals("–") : versus.matches("[+-]\\d\\.\\d{3}"), row);
			}

		// started again: complete runs are kept, not retrained
		final ByteArrayOutputStream again = new ByteArrayOutputStream();
		final JsonObject second = Benchmark.run(o, new PrintStream(again, true));
		assertTrue(again.toString(StandardCharsets.UTF_8).contains("already done"), again.toString(StandardCharsets.UTF_8));
		for (int i = 0; i < 3; i++) {
			final JsonObject a = report.getAsJsonArray("runs").get(i).getAsJsonObject(), b = second.getAsJsonArray("runs").get(i).getAsJsonObject();
			assertEquals(a.get("finished").getAsString(), b.get("finished").getAsString(), "not retrained");
			assertEquals(a.get("mean_dice").getAsDouble(), b.get("mean_dice").getAsDouble(), 0);
		}

		// train=false: a report of what has finished, naming what has not, and no training
		o.train = false;
		o.report = "partial";
		o.methods = Arrays.asList(MethodVariant.of("supervised"), MethodVariant.of("cmems-single"), MethodVariant.of("cmems"));
		final ByteArrayOutputStream partialLog = new ByteArrayOutputStream();
		final JsonObject partial = Benchmark.run(o, new PrintStream(partialLog, true));
		assertEquals(2, partial.getAsJsonArray("runs").size(), "supervised and cmems had finished");
		assertEquals("patient099_frame01_slice_3/cmems-single", partial.getAsJsonArray("not_finished").get(0).getAsString());
		assertTrue(Files.notExists(out.resolve("patient099_frame01_slice_3").resolve("cmems-single")), "nothing was trained");
		final String partialMd = new String(Files.readAllBytes(out.resolve("partial.md")), StandardCharsets.UTF_8);
		assertTrue(partialMd.contains("Not finished") && partialMd.contains("cmems-single") && !partialMd.contains("single model (self-training) |"), partialMd);
		assertTrue(Files.isRegularFile(out.resolve("partial.json")));
		o.report = "../elsewhere";
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Benchmark.run(o, new PrintStream(new ByteArrayOutputStream())));
		assertTrue(e.getMessage().contains("report") && e.getMessage().contains("../elsewhere"), e.getMessage());

		// reevaluate: the kept models measured again, on other volumes and with the largest component per class, not retrained
		o.report = "results";
		o.reevaluate = true;
		final IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> Benchmark.run(o, new PrintStream(new ByteArrayOutputStream())));
		assertTrue(own.getMessage().contains("report=<name>"), own.getMessage());
		o.report = "lcc";
		o.largestComponent = true;
		o.evaluate = "patient002_frame01";
		o.methods = Arrays.asList(MethodVariant.of("supervised"));
		final Path supervised = out.resolve("patient099_frame01_slice_3").resolve("supervised");
		final byte[] summaryBefore = Files.readAllBytes(supervised.resolve("summary.json"));
		final JsonObject lcc = Benchmark.run(o, new PrintStream(new ByteArrayOutputStream(), true));
		final JsonObject run = lcc.getAsJsonArray("runs").get(0).getAsJsonObject();
		assertEquals("largest connected component per class", run.get("postprocessing").getAsString());
		assertEquals("[\"patient002_frame01\"]", run.get("evaluated_on").toString());
		assertEquals(report.getAsJsonArray("runs").get(0).getAsJsonObject().get("finished").getAsString(), run.get("finished").getAsString(), "not retrained");
		assertTrue(Arrays.equals(summaryBefore, Files.readAllBytes(supervised.resolve("summary.json"))), "the run's own figures are kept");
		for (final String f : new String[] { "lcc-volumes.csv", "lcc-summary.json", "lcc-overlays.png" }) assertTrue(Files.isRegularFile(supervised.resolve(f)), f);
		final List<String> raw = Files.readAllLines(supervised.resolve("volumes.csv")), cleaned = Files.readAllLines(supervised.resolve("lcc-volumes.csv"));
		assertEquals(1 + 3, cleaned.size(), "header + 1 volume x 3 classes");
		for (int c = 1; c <= 3; c++) {
			// the same volume (patient002_frame01 comes first in the raw table): post-processing only removes voxels
			final long before = Long.parseLong(raw.get(c).split(",")[8]), after = Long.parseLong(cleaned.get(c).split(",")[8]);
			assertTrue(after <= before, cleaned.get(c) + " vs " + raw.get(c));
		}
		assertTrue(new String(Files.readAllBytes(out.resolve("lcc.md")), StandardCharsets.UTF_8).contains("largest connected component"));
	}

	@Test
	void eachAblationSwitchesOffExactlyItsComponent() {
		final String[] ids = { "cmems", "cmems-image", "cmems-feature", "cmems-no-synthetic", "cmems-single" };
		// synthetic, image perturbation, feature perturbation, cross-model
		final boolean[][] expected = { { true, true, true, true }, { true, true, false, true }, { true, false, true, true }, { false, true, true, true },
			{ true, true, true, false } };
		for (int i = 0; i < ids.length; i++) {
			final TrainingSettings s = new TrainingSettings();
			MethodVariant.of(ids[i]).apply(s);
			assertEquals(CmemsMethod.DESCRIPTOR.name(), s.method, ids[i]);
			final boolean[] actual = { s.method(CmemsSettings.class).synthetic, s.method(CmemsSettings.class).imagePerturbation, s.method(CmemsSettings.class).featurePerturbation, s.method(CmemsSettings.class).crossModel };
			assertTrue(Arrays.equals(expected[i], actual), ids[i] + ": " + Arrays.toString(actual));
		}
		final TrainingSettings classwise = new TrainingSettings();
		MethodVariant.of("cmems-classwise").apply(classwise);
		assertEquals(CmemsSettings.ThresholdMode.CLASSWISE, classwise.method(CmemsSettings.class).thresholdMode);
		assertEquals(CmemsSettings.ThresholdMode.FIXED, new TrainingSettings().method(CmemsSettings.class).thresholdMode, "the default it is compared with");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MethodVariant.of("cmems-nothing"));
		assertTrue(e.getMessage().contains("cmems-nothing") && e.getMessage().contains("cmems-feature"), e.getMessage());
	}
}
