package sc.fiji.cmems.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.bench.PytorchTwin;
import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.formats.NpyWriter;

/** The bioimage.io export: its pieces, and a whole package where Python with torch is present. */
class BioImageIoExportTest {

	@TempDir
	Path dir;

	@Test
	void npyHeadersAreNumpysAndTheDataFollows() {
		final byte[] npy = NpyWriter.float32(new float[] { 1.5f, -2f, 3f, 0f, 7f, 8f }, 1, 2, 3);
		assertEquals((byte) 0x93, npy[0]);
		assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
		final int header = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
		assertEquals(0, (10 + header) % 64, "the data starts on a 64-byte boundary");
		final String dict = new String(npy, 10, header, StandardCharsets.US_ASCII);
		assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }") && dict.endsWith("\n"), dict);
		assertEquals(-2f, ByteBuffer.wrap(npy, 10 + header + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
		assertTrue(new String(NpyWriter.float32(new float[3], 3), StandardCharsets.US_ASCII).contains("'shape': (3,)"), "a 1-d shape has NumPy's trailing comma");
	}

	@Test
	void preprocessingIsBioimageIosScaleRangeWithNumpysPercentiles() {
		final float[] ramp = new float[101];
		for (int i = 0; i < ramp.length; i++) ramp[i] = i;
		// numpy.percentile(arange(101), [0.5, 99.5]) = [0.5, 99.5]
		assertEquals(0.5, Normalization.percentile(ramp, 0.5), 1e-9);
		assertEquals(99.5, Normalization.percentile(ramp, 99.5), 1e-9);
		final float[] out = BioImageIoExport.preprocess(ramp, 1, 101, new Normalization());
		assertEquals(0f, out[0]);
		assertEquals(1f, out[100]);
		assertEquals((50 - 0.5) / (99 + 1e-6), out[50], 1e-6);
	}

	@Test
	void onlyWhatInferenceReadsIsExported() {
		assertTrue(BioImageIoExport.readByInference("01encoder0_01Conv2d_weight"));
		assertTrue(BioImageIoExport.readByInference("12reduce3_02BatchNorm_runningVar"));
		assertTrue(BioImageIoExport.readByInference("13head_01Conv2d_bias"));
		assertFalse(BioImageIoExport.readByInference("14auxiliary0_01Conv2d_weight"));
		assertFalse(BioImageIoExport.readByInference("17attention_01intra_in_proj_weight"));
		assertFalse(BioImageIoExport.readByInference("18projection_01Linear_weight"));
	}

	@Test
	void aPackageWhoseTorchScriptReproducesTheEngine() throws IOException {
		final PytorchTwin.Availability a = PytorchTwin.check(PytorchTwin.DEFAULT_PYTHON);
		Assumptions.assumeTrue(a.available, () -> "SKIPPED, no Python with torch to write TorchScript: " + a.reason);
		final TrainingSettings s = TinyRuns.settings("cmems", 2);
		final TrainingResult r = new Trainer(s).train(ToyData.inputs(1, 32, 4, 0));
		final Path model = dir.resolve("tiny.cmems"), zip = dir.resolve("tiny.zip");
		ModelBundle.write(r.model(), model);
		r.model().close();
		final List<String> log = new ArrayList<>();
		final BioImageIoExport.Result result = BioImageIoExport.export(model, zip, null, PytorchTwin.DEFAULT_PYTHON, log::add);
		assertTrue(result.maxDifference <= BioImageIoExport.TOLERANCE, "difference " + result.maxDifference);
		final List<String> entries = new ArrayList<>();
		String rdf = null;
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				entries.add(e.getName());
				if (e.getName().equals("rdf.yaml")) rdf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		Collections.sort(entries);
		assertArrayEquals(new String[] { "README.md", "cover.png", "rdf.yaml", "test_input.npy", "test_output.npy", "weights.pt" }, entries.toArray());
		// the fields the model spec 0.5 requires
		for (final String field : new String[] { "format_version: 0.5", "type: model", "name:", "description:", "authors:", "cite:", "license:",
			"documentation: README.md", "inputs:", "outputs:", "test_tensor:", "source: test_input.npy", "source: test_output.npy", "weights:",
			"torchscript:", "source: weights.pt", "pytorch_version:", "{type: space, id: y, size: 32}" })
			assertTrue(rdf.contains(field), "rdf.yaml lacks '" + field + "':\n" + rdf);
	}
}
