package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sc.fiji.cmems.engine.data.InvalidInputException;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.engine.train.TrainingException;
import sc.fiji.cmems.io.formats.ImageFormatException;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;

/** The command line, end to end on tiny data: demo, train, segment, info, and bad arguments, inputs and outputs (exit status 2). */
class MainTest {

	@TempDir
	static Path dir;
	private static Path demo;
	private static String demoOutput;

	private static final class Result {

		final int status;
		final String out, err;

		Result(final int status, final String out, final String err) {
			this.status = status;
			this.out = out;
			this.err = err;
		}
	}

	private static Result run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@BeforeAll
	static void runTheDemo() {
		demo = dir.resolve("demo");
		final Result r = run("demo", "out=" + demo, "iterations=2", "size=32", "unlabeled=4", "test=3", "seed=2");
		assertEquals(0, r.status, r.err);
		demoOutput = r.out;
	}

	@Test
	void demoWritesModelsLabelImagesAndATable() throws IOException {
		for (final String f : new String[] { "supervised.cmems", "cmems.cmems", "exemplar.tif", "exemplar-labels.tif", "test/image-02.tif", "test/truth-02.tif",
			"supervised/labels-02.tif", "cmems/labels-00.tif", "results.md", "dice.csv", "overview.png" })
			assertTrue(Files.isRegularFile(demo.resolve(f)), f);
		final LoadedImage labels = ImageReaders.open(demo.resolve("cmems/labels-01.tif"));
		assertEquals(32, labels.getImage().dimension(0));
		assertTrue(demoOutput.contains("| cmems | 3 |") && demoOutput.contains("| supervised | 3 |") && demoOutput.contains("RV") && demoOutput.contains("LV"), demoOutput);
		assertTrue(demoOutput.contains("it 2/2"), "progress lines");
		assertEquals(7, Files.readAllLines(demo.resolve("dice.csv")).size(), "header + 2 methods x 3 images");
	}

	@Test
	void trainAndSegmentFromFiles() throws IOException {
		final Path model = dir.resolve("files.cmems");
		final Result t = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "labels=" + demo.resolve("exemplar-labels.tif"), "unlabeled=" + demo.resolve("test"),
			"filter=image-*.tif", "model=" + model, "iterations=2", "imageSize=32", "exemplarBatch=1", "syntheticBatch=1", "unlabeledBatch=2", "cmems.threshold=0.9");
		assertEquals(0, t.status, t.err);
		assertTrue(t.out.contains("model written"), t.out);
		final Path labels = dir.resolve("labels");
		final Result s = run("segment", "model=" + model, "input=" + demo.resolve("test"), "filter=image-*.tif", "output=" + labels);
		assertEquals(0, s.status, s.out + s.err);
		assertTrue(Files.isRegularFile(labels.resolve("image-00.tif")));
		assertTrue(s.out.contains("segmented 3, skipped 0 (already done), failed 0 of 3"), s.out);
		final Result again = run("segment", "model=" + model, "input=" + demo.resolve("test"), "filter=*.tif", "output=" + labels, "skipexisting=true");
		assertTrue(again.out.contains("skipped 3"), again.out);
		final Result info = run("info", "model=" + model);
		assertEquals(0, info.status);
		assertTrue(info.out.contains("method cmems, 2 network(s)") && info.out.contains("trained 2 iterations"), info.out);
	}

	@Test
	void shardsTogetherSegmentEveryFileOnceAndFinalizeChecksThem() throws IOException {
		final Path model = demo.resolve("cmems.cmems"), input = dir.resolve("shard-input"), truth = dir.resolve("shard-truth");
		Files.createDirectories(input);
		Files.createDirectories(truth);
		for (int i = 0; i < 3; i++) {
			Files.copy(demo.resolve("test/image-0" + i + ".tif"), input.resolve("image-0" + i + ".tif"));
			Files.copy(demo.resolve("test/truth-0" + i + ".tif"), truth.resolve("image-0" + i + ".tif"));
		}
		final Path whole = dir.resolve("shard-whole"), parts = dir.resolve("shard-parts");
		assertEquals(0, run("segment", "model=" + model, "input=" + input, "output=" + whole).status);
		final Result first = run("segment", "model=" + model, "input=" + input, "output=" + parts, "shards=2", "shard=0", "threads=1");
		assertEquals(0, first.status, first.out + first.err);
		assertTrue(first.out.contains("segmented 2,") && first.out.contains("of 2 file(s) (shard 0 of 0..1)"), first.out);
		// before shard 1 ran: finalize names the missing file
		final Result early = run("finalize", "input=" + input, "output=" + parts);
		assertEquals(2, early.status, early.out);
		assertTrue(early.out.contains("missing label images for: image-01.tif"), early.out);
		assertEquals(0, run("segment", "model=" + model, "input=" + input, "output=" + parts, "shards=2", "shard=1").status);
		final Result done = run("finalize", "input=" + input, "output=" + parts, "truth=" + truth, "model=" + model);
		assertEquals(0, done.status, done.out + done.err);
		assertTrue(done.out.contains("3 of 3 input file(s) have their label image; the 2 shard record(s) say segmented 3, skipped 0, failed 0"), done.out);
		assertTrue(done.out.contains("mean Dice:") && done.out.contains("(3 images)"), done.out);
		assertEquals(1 + 3 * 3, Files.readAllLines(parts.resolve("evaluation.csv")).size(), "header + 3 images x 3 classes");
		assertTrue(new String(Files.readAllBytes(parts.resolve("cmems-shard-1-of-2.json")), StandardCharsets.UTF_8).contains("\"image-01.tif\""));
		for (int i = 0; i < 3; i++)
			assertArrayEquals(Files.readAllBytes(whole.resolve("image-0" + i + ".tif")), Files.readAllBytes(parts.resolve("image-0" + i + ".tif")),
				"image-0" + i + ": the shards wrote what one run writes");
		final Result bad = run("segment", "model=" + model, "input=" + input, "output=" + parts, "shards=2", "shard=2");
		assertEquals(2, bad.status);
		assertTrue(bad.err.contains("shard must be 0 to 1 (shards=2), was 2"), bad.err);
	}

	@Test
	void badArgumentsGiveClearErrors() throws IOException {
		Result r = run("segment", "model=" + dir.resolve("nope.cmems"), "input=" + demo.resolve("test"), "output=" + dir.resolve("o"));
		assertTrue(r.status != 0 && r.err.contains("nope.cmems"), r.err);
		r = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "labels=" + demo.resolve("exemplar-labels.tif"), "model=" + dir.resolve("x.cmems"), "iterations=1",
			"imageSize=32");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("unlabeled images") && r.err.contains("supervised"), r.err);
		r = run("train", "exemplar=" + demo.resolve("exemplar.tif"), "model=x", "imageSize=30");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("imageSize") && r.err.contains("30"), r.err);
		r = run("demo", "iterations=many");
		assertEquals(2, r.status);
		assertTrue(r.err.contains("iterations") && r.err.contains("many"), r.err);
		r = run("frobnicate");
		assertEquals(2, r.status);
		final Path notAModel = Files.write(dir.resolve("notes.cmems"), "hello".getBytes(StandardCharsets.UTF_8));
		r = run("info", "model=" + notAModel);
		assertEquals(2, r.status);
		assertTrue(r.err.contains("notes.cmems") && r.err.contains("not a zip"), r.err);
	}

	/** {@code train} with the tiny budget of these tests, the given arguments added. */
	private static Result train(final String... more) {
		final List<String> args = new ArrayList<>(List.of("train", "exemplar=" + demo.resolve("exemplar.tif"), "labels=" + demo.resolve("exemplar-labels.tif"),
			"unlabeled=" + demo.resolve("test"), "filter=image-*.tif", "iterations=2", "imageSize=32", "exemplarBatch=1", "syntheticBatch=1", "unlabeledBatch=2"));
		for (final String a : more) {
			args.removeIf(given -> given.startsWith(a.substring(0, a.indexOf('=') + 1)));
			args.add(a);
		}
		return run(args.toArray(new String[0]));
	}

	/** Asserts exit status 2 with an error naming every one of {@code named}, before any training iteration. */
	private static void assertBadInput(final Result r, final String... named) {
		assertEquals(2, r.status, r.out + r.err);
		for (final String n : named) assertTrue(r.err.contains(n), "names " + n + ": " + r.err);
		assertFalse(r.out.contains("it 1/"), "refused before training: " + r.out);
	}

	/** Several exemplar= images (with their labels=) are one labeled set; a count that does not match is refused. */
	@Test
	void aLabeledSetFromTheCommandLine() {
		final Path model = dir.resolve("set.cmems");
		final Result r = train("exemplar=" + demo.resolve("exemplar.tif") + "," + demo.resolve("test/image-00.tif"),
			"labels=" + demo.resolve("exemplar-labels.tif") + "," + demo.resolve("test/truth-00.tif"), "model=" + model);
		assertEquals(0, r.status, r.out + r.err);
		assertTrue(r.out.contains("4 classes, 2 labeled slices, 3 unlabeled slices"), r.out);
		assertTrue(Files.isRegularFile(model));
		assertBadInput(train("exemplar=" + demo.resolve("exemplar.tif") + "," + demo.resolve("test/image-00.tif"), "labels=" + demo.resolve("exemplar-labels.tif"),
			"model=" + model), "labels=", "2 images, 1 label images");
	}

	/**
	 * Images of two channels, one file each, found by token (as MyoPS stores its sequences), labels by the label token
	 * and mapped: train, then segment with and without the channels.
	 */
	@Test
	void channelsFromSiblingFiles() throws IOException {
		final Path d = Files.createDirectories(dir.resolve("channels"));
		Files.copy(demo.resolve("exemplar.tif"), d.resolve("ex_A.tif"));
		Files.copy(demo.resolve("exemplar.tif"), d.resolve("ex_B.tif"));
		Files.copy(demo.resolve("exemplar-labels.tif"), d.resolve("ex_L.tif"));
		for (int i = 0; i < 3; i++) {
			Files.copy(demo.resolve("test/image-0" + i + ".tif"), d.resolve("u" + i + "_A.tif"));
			Files.copy(demo.resolve("test/image-0" + i + ".tif"), d.resolve("u" + i + "_B.tif"));
		}
		final Path model = dir.resolve("two-channels.cmems");
		final Result t = run("train", "exemplar=" + d.resolve("ex_A.tif"), "unlabeled=" + d, "filter=u*_A.tif", "channels=A,B", "labelchannel=L",
			"labelmap=1:1,2:2,3:3", "model=" + model, "iterations=2", "imageSize=32", "exemplarBatch=1", "syntheticBatch=1", "unlabeledBatch=2");
		assertEquals(0, t.status, t.out + t.err);
		assertTrue(ModelBundle.readInfo(model).network.inputChannels == 2, "the model reads two channels");
		final Result s = run("segment", "model=" + model, "input=" + d, "filter=u*_A.tif", "channels=A,B", "output=" + dir.resolve("two-labels"));
		assertEquals(0, s.status, s.out + s.err);
		assertTrue(s.out.contains("segmented 3, skipped 0 (already done), failed 0 of 3"), s.out);
		final Result one = run("segment", "model=" + model, "input=" + d.resolve("u0_A.tif"), "output=" + dir.resolve("one-labels"));
		assertEquals(2, one.status);
		assertTrue(one.out.contains("1 channel(s); the model reads 2"), one.out);
		assertBadInput(run("train", "exemplar=" + d.resolve("ex_A.tif"), "unlabeled=" + d, "filter=u*_A.tif", "channels=A,B", "labelchannel=L",
			"labelmap=2:2,3:3", "model=" + model, "iterations=2", "imageSize=32"), "value 1", "labelmap");
		assertBadInput(run("train", "exemplar=" + d.resolve("ex_A.tif"), "unlabeled=" + d, "filter=u*_A.tif", "channels=A,C", "labelchannel=L",
			"model=" + model, "iterations=2", "imageSize=32"), "_C.tif", "channel 'C'");
	}

	@Test
	void trainExitsWith2ForAMissingExemplarOrAFolder() {
		final Path missing = dir.resolve("no-such-exemplar.tif");
		assertBadInput(train("exemplar=" + missing, "model=" + dir.resolve("m.cmems")), missing.toString());
		assertBadInput(train("exemplar=" + demo.resolve("test"), "model=" + dir.resolve("m.cmems")), demo.resolve("test").toString());
		assertBadInput(train("labels=" + dir.resolve("no-labels.tif"), "model=" + dir.resolve("m.cmems")), "no-labels.tif");
	}

	@Test
	void segmentExitsWith2ForADamagedModel() throws IOException {
		final byte[] noise = new byte[4096];
		new Random(1).nextBytes(noise);
		final Path damaged = Files.write(dir.resolve("noise.cmems"), noise);
		assertBadInput(run("segment", "model=" + damaged, "input=" + demo.resolve("test"), "filter=image-*.tif", "output=" + dir.resolve("noise-labels")),
			"noise.cmems");
		final Path folder = Files.createDirectories(dir.resolve("folder.cmems"));
		assertBadInput(run("segment", "model=" + folder, "input=" + demo.resolve("test"), "filter=image-*.tif", "output=" + dir.resolve("noise-labels")),
			"folder.cmems", "is a folder");
	}

	@Test
	void infoExitsWith2ForANewerOrDamagedModel() throws IOException {
		final Map<String, byte[]> entries = ModelBundle.readEntries(demo.resolve("supervised.cmems"));
		final String json = new String(entries.get("model.json"), StandardCharsets.UTF_8);
		assertTrue(json.contains("\"formatVersion\": " + ModelInfo.FORMAT_VERSION), json);
		entries.put("model.json", json.replace("\"formatVersion\": " + ModelInfo.FORMAT_VERSION, "\"formatVersion\": 999").getBytes(StandardCharsets.UTF_8));
		final Path newer = dir.resolve("newer.cmems");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(newer))) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
		assertBadInput(run("info", "model=" + newer), "newer.cmems", "format version 999");
		final byte[] good = Files.readAllBytes(demo.resolve("supervised.cmems"));
		final Path truncated = Files.write(dir.resolve("truncated.cmems"), Arrays.copyOf(good, good.length / 2));
		assertBadInput(run("info", "model=" + truncated), "truncated.cmems");
	}

	@Test
	void segmentExitsWith2WhenAFileOfTheFolderFails() throws IOException {
		final Path input = Files.createDirectories(dir.resolve("mixed"));
		Files.copy(demo.resolve("test/image-00.tif"), input.resolve("a.tif"));
		Files.write(input.resolve("b.tif"), "not a TIFF".getBytes(StandardCharsets.UTF_8));
		Files.copy(demo.resolve("test/image-01.tif"), input.resolve("c.tif"));
		final Path output = dir.resolve("mixed-labels");
		final Result r = run("segment", "model=" + demo.resolve("supervised.cmems"), "input=" + input, "output=" + output);
		assertEquals(2, r.status, r.out + r.err);
		assertTrue(r.out.contains("FAILED " + input.resolve("b.tif")) && r.out.contains("segmented 2, skipped 0 (already done), failed 1 of 3"), r.out);
		assertTrue(Files.isRegularFile(output.resolve("a.tif")) && Files.isRegularFile(output.resolve("c.tif")), "the good files are segmented");
	}

	/** What counts as bad input (exit status 2) and what as another failure (1), also for the exceptions 'cmems run' gets from a Fiji command. */
	@Test
	void badInputIsToldFromOtherFailures() {
		final Path f = Paths.get("x.tif");
		for (final Exception e : new Exception[] { new IllegalArgumentException("iterations must be > 0"), new InvalidInputException("labels beyond 3"),
			new ImageFormatException(f, "RGB"), new ModelBundle.BundleException(f, "damaged"), new NoSuchFileException("x.tif"), new NotDirectoryException("x"),
			new AccessDeniedException("x.tif"), new UncheckedIOException(new NoSuchFileException("x.tif")) })
			assertTrue(Main.isBadInput(e), e.toString());
		for (final Exception e : new Exception[] { new IOException("No space left on device"), new TrainingException("the loss became NaN"),
			new IllegalStateException("a bug"), new UncheckedIOException(new IOException("disk")) })
			assertFalse(Main.isBadInput(e), e.toString());
	}

	@Test
	void outputsThatCannotBeWrittenAreRefusedBeforeWork() throws IOException {
		final Path folder = Files.createDirectories(dir.resolve("a-folder"));
		assertBadInput(train("model=" + folder), "model=" + folder, "is a folder");
		assertBadInput(train("model=" + dir.resolve("m.cmems"), "checkpoint=" + folder), "checkpoint=" + folder, "is a folder");
		assertBadInput(train("model=" + dir.resolve("no-such-folder/m.cmems")), "model=", "no-such-folder", "does not exist");
		final Path file = Files.write(dir.resolve("a-file"), new byte[1]);
		assertBadInput(run("segment", "model=" + demo.resolve("supervised.cmems"), "input=" + demo.resolve("test"), "output=" + file), "output=" + file,
			"is a file");
		assertBadInput(run("segment", "model=" + demo.resolve("supervised.cmems"), "input=" + demo.resolve("test"), "output=" + file.resolve("labels")),
			"output=" + file.resolve("labels"), "is a file");
		assertBadInput(run("demo", "out=" + file, "iterations=1"), "out=" + file, "is a file");
	}

	@Test
	void aReadOnlyFolderIsRefusedBeforeWork() throws IOException {
		final Path readOnly = Files.createDirectories(dir.resolve("read-only"));
		assumeTrue(readOnly.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
		Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
		try {
			assumeFalse(Files.isWritable(readOnly), "the file system lets this user (root?) write into a read-only folder");
			assertBadInput(train("model=" + readOnly.resolve("m.cmems")), "model=" + readOnly.resolve("m.cmems"), "not writable");
			assertBadInput(run("segment", "model=" + demo.resolve("supervised.cmems"), "input=" + demo.resolve("test"), "output=" + readOnly.resolve("labels")),
				"output=" + readOnly.resolve("labels"), "not writable");
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
	}

	@Test
	void aMisspeltKeyStopsTrainingBeforeItStarts() {
		final long start = System.nanoTime();
		final Result r = train("model=" + dir.resolve("misspelt.cmems"), "iteratons=2");
		assertBadInput(r, "iteratons", "exemplar, labels, unlabeled", "training setting");
		assertTrue((System.nanoTime() - start) / 1e9 < 10, "at once");
		assertFalse(Files.exists(dir.resolve("misspelt.cmems")));
		assertBadInput(train("model=" + dir.resolve("misspelt.cmems"), "cmems.treshold=0.9"), "cmems.treshold");
	}

	/** Every command that takes key=value arguments refuses one it does not know, before it starts (none of them gets its required ones here). */
	@ParameterizedTest
	@ValueSource(strings = { "demo", "train", "segment", "benchmark", "ceiling", "bench", "parity", "info", "device", "settings" })
	void everyCommandRefusesAnUnknownKey(final String command) {
		final Result r = run(command, "bogus=1");
		assertEquals(2, r.status, r.err);
		assertTrue(r.err.contains("cmems " + command + (command.equals("settings") ? " takes no arguments, was given bogus" : " has no argument bogus; its arguments: ")),
			r.err);
		assertEquals("", r.out, "nothing ran");
	}

	/** The keys each command declares are the keys its usage shows. */
	@Test
	void everyKeyACommandTakesIsInItsUsage() {
		final Map<String, List<String>> keys = Map.of(DemoCommand.USAGE, DemoCommand.KEYS, TrainCommand.USAGE, TrainCommand.KEYS, SegmentCommand.USAGE,
			SegmentCommand.KEYS, BenchmarkCommand.USAGE, BenchmarkCommand.KEYS, CeilingCommand.USAGE, CeilingCommand.KEYS, BenchCommand.USAGE,
			BenchCommand.KEYS, ParityCommand.USAGE, ParityCommand.KEYS, InfoCommands.INFO_USAGE, InfoCommands.INFO_KEYS, InfoCommands.DEVICE_USAGE,
			InfoCommands.DEVICE_KEYS);
		for (final Map.Entry<String, List<String>> e : keys.entrySet())
			for (final String key : e.getValue())
				assertTrue(e.getKey().matches("(?s).*[\\s\\[]" + Pattern.quote(key) + "=.*"), key + " in " + e.getKey());
	}
}
