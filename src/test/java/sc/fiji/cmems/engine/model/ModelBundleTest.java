package sc.fiji.cmems.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.train.Trainer;

/** The model bundle: round trip, version and damage checks, atomic writing. */
class ModelBundleTest {

	@TempDir
	static Path dir;
	private static Path bundle;

	@BeforeAll
	static void trainATinyModel() throws IOException {
		bundle = dir.resolve("tiny.cmems");
		try (SegmentationModel m = new Trainer(TinyRuns.settings("cmems", 2)).train(ToyData.inputs(2, 32, 4, 0)).model()) {
			ModelBundle.write(m, bundle);
		}
	}

	@Test
	void roundTripGivesIdenticalPredictions() throws IOException {
		final ToyData.Sample test = ToyData.sample(99, 40, 36);
		try (SegmentationModel a = ModelBundle.read(bundle, Device.cpu()); SegmentationModel b = ModelBundle.read(bundle, Device.cpu())) {
			final Path again = dir.resolve("again.cmems");
			ModelBundle.write(a, again);
			try (SegmentationModel c = ModelBundle.read(again, Device.cpu())) {
				for (final Ensemble e : Ensemble.values()) {
					final int[] pa = ImgSlices.readInts(new Segmenter(a, e).segment(test.image), 0);
					final int[] pc = ImgSlices.readInts(new Segmenter(c, e).segment(test.image), 0);
					assertArrayEquals(pa, pc, e.toString());
				}
				for (int k = 0; k < 2; k++) assertArrayEquals(b.networks().get(k).toBytes(), c.networks().get(k).toBytes());
				assertEquals(a.info().classNames, c.info().classNames);
				assertEquals(32, c.info().imageSize);
				assertEquals("cmems", c.info().method);
				assertEquals(2, c.info().iterations);
				assertTrue(c.info().settings.has("cmems"), "the settings travel with the model");
			}
		}
	}

	@Test
	void unknownVersionIsRefusedClearly() throws IOException {
		final Path file = dir.resolve("future.cmems");
		final Map<String, byte[]> entries = ModelBundle.readEntries(bundle);
		final String json = new String(entries.get("model.json"), StandardCharsets.UTF_8).replace("\"formatVersion\": " + ModelInfo.FORMAT_VERSION, "\"formatVersion\": 7");
		entries.put("model.json", json.getBytes(StandardCharsets.UTF_8));
		writeZip(file, entries);
		final IOException e = assertThrows(IOException.class, () -> ModelBundle.read(file, Device.cpu()));
		assertTrue(e.getMessage().contains("format version 7") && e.getMessage().contains("update the plugin"), e.getMessage());
	}

	@Test
	void damagedOrForeignFilesAreRefusedClearly() throws IOException {
		final byte[] good = Files.readAllBytes(bundle);
		final Path truncated = dir.resolve("truncated.cmems");
		Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
		assertMessage(truncated, "damaged");

		final Path garbled = dir.resolve("garbled.cmems");
		final byte[] g = good.clone();
		for (int i = 200; i < 400; i++) g[i] ^= 0x5A;
		Files.write(garbled, g);
		assertMessage(garbled, "Cannot read the model file");

		final Path text = dir.resolve("notes.cmems");
		Files.write(text, "hello".getBytes(StandardCharsets.UTF_8));
		assertMessage(text, "not a zip");

		final Path otherZip = dir.resolve("other.zip");
		final Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
		entries.put("readme.txt", "x".getBytes(StandardCharsets.UTF_8));
		writeZip(otherZip, entries);
		assertMessage(otherZip, "not a CMEMS model");

		final Path missingNetwork = dir.resolve("missing.cmems");
		final Map<String, byte[]> e2 = ModelBundle.readEntries(bundle);
		e2.remove("network-2.params");
		writeZip(missingNetwork, e2);
		assertMessage(missingNetwork, "network-2.params");

		final Path wrongWeights = dir.resolve("wrong.cmems");
		final Map<String, byte[]> e3 = ModelBundle.readEntries(bundle);
		e3.put("network-1.params", java.util.Arrays.copyOf(e3.get("network-1.params"), 1000));
		writeZip(wrongWeights, e3);
		assertMessage(wrongWeights, "network 1 is damaged or does not match the architecture");

		assertThrows(java.nio.file.NoSuchFileException.class, () -> ModelBundle.read(dir.resolve("absent.cmems"), Device.cpu()));
	}

	/** Every field a model runs from is checked on reading, so {@code cmems info} fails on what would fail on every image. */
	@Test
	void damagedDescriptionsAreRefusedNamingTheField() throws IOException {
		final String[][] cases = { { "\"formatVersion\": " + ModelInfo.FORMAT_VERSION, "\"formatVersion\": {}", "formatVersion is {}" },
			{ "\"lowPercentile\": 0.5", "\"lowPercentile\": 65536", "percentiles" }, { "\"imageSize\": 32", "\"imageSize\": 40", "imageSize" },
			{ "\"classes\": 4", "\"classes\": 2147483647", "classes" }, { "\"imageSize\": 32", "\"imageSize\": \"x\"", "model.json is damaged" } };
		for (final String[] c : cases) {
			final Path file = dir.resolve("field.cmems");
			final Map<String, byte[]> entries = ModelBundle.readEntries(bundle);
			final String json = new String(entries.get("model.json"), StandardCharsets.UTF_8);
			assertTrue(json.contains(c[0]), c[0] + " in " + json);
			entries.put("model.json", json.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8));
			writeZip(file, entries);
			final IOException e = assertThrows(ModelBundle.BundleException.class, () -> ModelBundle.readInfo(file), c[1]);
			assertTrue(e.getMessage().contains(c[2]) && e.getMessage().contains("field.cmems"), c[1] + ": " + e.getMessage());
		}
	}

	/** A tensor header claiming another shape, and NaN weights, are refused before and after decoding. */
	@Test
	void damagedTensorsAreRefused() throws IOException {
		final Map<String, byte[]> entries = ModelBundle.readEntries(bundle);
		final byte[] params = entries.get("network-2.params").clone();
		final byte[] fresh = entries.get("network-2.params");
		// the first tensor's values are its last bytes before the second record; make the first float NaN
		final int ndar = indexOf(params, "NDAR".getBytes(StandardCharsets.UTF_8), 0);
		final int next = indexOf(params, "NDAR".getBytes(StandardCharsets.UTF_8), ndar + 4);
		params[next - 40] = (byte) 0x7f;
		params[next - 39] = (byte) 0xc0;
		params[next - 38] = 0;
		params[next - 37] = 0;
		entries.put("network-2.params", params);
		final Path nan = dir.resolve("nan.cmems");
		writeZip(nan, entries);
		assertMessage(nan, "network 2 has NaN or infinite values");

		final byte[] shape = fresh.clone();
		shape[ndar + 40] ^= 0x10; // inside the first tensor's header
		entries.put("network-2.params", shape);
		final Path header = dir.resolve("header.cmems");
		writeZip(header, entries);
		assertMessage(header, "network 2 is damaged or does not match the architecture");
	}

	private static int indexOf(final byte[] all, final byte[] part, final int from) {
		outer:
		for (int i = from; i <= all.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) if (all[i + j] != part[j]) continue outer;
			return i;
		}
		throw new AssertionError("not found");
	}

	@Test
	void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
		final Path target = dir.resolve("atomic.cmems");
		Files.copy(bundle, target);
		final byte[] before = Files.readAllBytes(target);
		assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
			out.write(new byte[1000]);
			throw new IOException("disk full (simulated)");
		}));
		assertArrayEquals(before, Files.readAllBytes(target));
		try (Stream<Path> files = Files.list(dir)) {
			assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")), "temporary file removed");
		}
	}

	private static void assertMessage(final Path file, final String expected) {
		final IOException e = assertThrows(IOException.class, () -> ModelBundle.read(file, Device.cpu()));
		assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.getFileName().toString()), e.getMessage());
	}

	private static void writeZip(final Path file, final Map<String, byte[]> entries) throws IOException {
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
	}
}
