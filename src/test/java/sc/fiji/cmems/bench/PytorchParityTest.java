package sc.fiji.cmems.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the PyTorch twin compute the same CMEMS step: logits,
 * auxiliary logits and every loss term within 1e-4 (relative, float32),
 * gradients and updated weights within 1e-3, with the twin's own bilinear
 * upsampling and with the engine's matrix formulation. Needs
 * {@code /usr/bin/python3} with torch ({@code apt-get install -y python3-torch});
 * without it the test is reported as skipped, with the reason. By hand:
 * {@code ./cmems parity}.
 */
class PytorchParityTest {

	private static final int SIZE = 64;

	@Test
	void engineAndPytorchTwinComputeTheSameCmemsStep(@TempDir final Path dir) throws IOException {
		final PytorchTwin.Availability a = PytorchTwin.check(PytorchTwin.DEFAULT_PYTHON);
		if (!a.available) System.err.println("PytorchParityTest SKIPPED (not passed): " + a.reason);
		Assumptions.assumeTrue(a.available, () -> "SKIPPED, the parity check did not run: " + a.reason);
		final Path repository = PytorchTwin.repository();
		final Path file = dir.resolve("parity.tns");
		Parity.export(file, SIZE, 1, 1, 2, 3, false);
		for (final String upsample : new String[] { "interpolate", "matmul" }) {
			final Parity.Result r = Parity.compare(PytorchTwin.DEFAULT_PYTHON, repository, file, upsample);
			final StringBuilder table = new StringBuilder();
			for (final Map.Entry<String, Double> e : r.quantities.entrySet())
				table.append(String.format(Locale.ROOT, "%n  %-31s %.2e", e.getKey(), e.getValue()));
			System.out.printf(Locale.ROOT, "Parity with PyTorch %s (%s): outputs and terms %.2e, gradients and weights %.2e%n", r.torchVersion, upsample,
				r.maxForward(), r.maxBackward());
			assertTrue(r.failures().isEmpty(), "above tolerance (or missing) with " + upsample + ": " + r.failures() + table);
		}
	}

	/** The check can fail: weights that differ from the engine's in one value are caught. */
	@Test
	void aDifferenceInTheWeightsIsCaught(@TempDir final Path dir) throws IOException {
		final PytorchTwin.Availability a = PytorchTwin.check(PytorchTwin.DEFAULT_PYTHON);
		if (!a.available) System.err.println("PytorchParityTest SKIPPED (not passed): " + a.reason);
		Assumptions.assumeTrue(a.available, () -> "SKIPPED, the parity check did not run: " + a.reason);
		final Path file = dir.resolve("corrupt.tns");
		Parity.export(file, 32, 1, 1, 2, 3, true);
		final Parity.Result r = Parity.compare(PytorchTwin.DEFAULT_PYTHON, PytorchTwin.repository(), file, "interpolate");
		assertTrue(r.quantities.get("net1/logits") > 10 * Parity.TOLERANCE, "logits of network 1 differ: " + r.quantities);
		assertTrue(r.failures().contains("net1/logits"), "reported as a failure: " + r.failures());
		assertTrue(r.quantities.get("net2/logits") < Parity.TOLERANCE, "network 2 is untouched: " + r.quantities.get("net2/logits"));
	}
}
