package sc.fiji.cmems.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.StepLoss;
import sc.fiji.cmems.engine.net.NetworkOutput;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.optim.Optimiser;

/**
 * The parity check between the engine and the PyTorch twin: the Java side
 * runs one CMEMS step on a fixed batch and exports the networks, the batch and
 * everything it computed; the twin loads the same weights, recomputes and
 * reports the relative differences per tensor ({@code max |twin - java| / max |java|}
 * for outputs, loss terms and statistics; {@code ||twin - java|| / ||java||}
 * for gradients and parameters, where max pooling may route single elements
 * differently when two inputs of a window are equal up to rounding):
 * <ul>
 * <li>the main and the three auxiliary logits of both networks on
 * {@code concat(labeled, weak, strong)} in training mode (batch statistics);</li>
 * <li>every loss term ({@code sup}, {@code img}, {@code feat} per network,
 * the weight {@code w}, the total) and the teacher statistics;</li>
 * <li>the gradient of every trainable parameter and every parameter after one
 * SGD step, batch-norm running statistics included, tensor by tensor. The
 * biases of convolutions that batch norm follows are the exception: batch norm
 * removes them, their exact gradient is zero and both sides compute rounding
 * noise there, so the check is that this noise is tiny on both sides
 * ({@code batchNormedBiasGradients}: the largest such gradient relative to the
 * network's largest gradient).</li>
 * </ul>
 * To make it deterministic, encoder dropout, auxiliary dropout and feature
 * noise are switched off and the feature-dropout threshold is fixed
 * ({@code max * 0.8}); everything else, CutMix of the pseudo-labels and the
 * class-wise thresholds included, runs as in training.
 */
public final class Parity {

	/** Largest relative difference accepted for outputs, loss terms and statistics (float32). */
	public static final double TOLERANCE = 1e-4;
	/**
	 * Largest relative difference accepted for gradients and parameters after
	 * the step. A gradient sums over every pixel of the batch and through every
	 * layer, and float32 rounding alone then differs by about 1e-4 per tensor:
	 * at 64x64 with 4 + 4 samples the twin in float32 was as far from the same
	 * computation in float64 (largest element, 1e-4 to 9e-4) as the engine was.
	 */
	public static final double BACKWARD_TOLERANCE = 1e-3;
	/** The quantities a parity result must contain (so a check can never pass on nothing). */
	public static final String[] REQUIRED = { "net1/logits", "net1/aux0", "net1/aux1", "net1/aux2", "net2/logits", "net2/aux0", "net2/aux1", "net2/aux2",
		"terms/sup1", "terms/img1", "terms/feat1", "terms/sup2", "terms/img2", "terms/feat2", "terms/w", "terms/total", "net1/gradients",
		"net2/gradients", "net1/batchNormedBiasGradients", "net2/batchNormedBiasGradients", "net1/parametersAfterStep", "net2/parametersAfterStep" };

	private Parity() {}

	/** @return the tolerance of a quantity the twin reports */
	public static double tolerance(final String quantity) {
		return quantity.contains("radient") || quantity.contains("AfterStep") ? BACKWARD_TOLERANCE : TOLERANCE;
	}

	/** What the twin reported. */
	public static final class Result {

		public final String torchVersion;
		public final String upsample;
		/** relative difference by quantity, in the twin's order */
		public final Map<String, Double> quantities;

		Result(final String torchVersion, final String upsample, final Map<String, Double> quantities) {
			this.torchVersion = torchVersion;
			this.upsample = upsample;
			this.quantities = quantities;
		}

		/** @return the largest relative difference */
		public double max() {
			double m = 0;
			for (final double v : quantities.values()) m = Math.max(m, Double.isNaN(v) ? Double.POSITIVE_INFINITY : v);
			return m;
		}

		/** @return the quantities above their tolerance ({@link Parity#tolerance}), NaN included */
		public java.util.List<String> failures() {
			final java.util.List<String> out = new java.util.ArrayList<>();
			for (final Map.Entry<String, Double> e : quantities.entrySet())
				if (!(e.getValue() < tolerance(e.getKey()))) out.add(e.getKey());
			for (final String r : REQUIRED)
				if (!quantities.containsKey(r)) out.add(r + " (missing)");
			return out;
		}

		/** @return the largest relative difference among outputs, loss terms and statistics */
		public double maxForward() {
			double m = 0;
			for (final Map.Entry<String, Double> e : quantities.entrySet())
				if (tolerance(e.getKey()) == TOLERANCE) m = Math.max(m, Double.isNaN(e.getValue()) ? Double.POSITIVE_INFINITY : e.getValue());
			return m;
		}

		/** @return the largest relative difference among gradients and parameters after the step */
		public double maxBackward() {
			double m = 0;
			for (final Map.Entry<String, Double> e : quantities.entrySet())
				if (tolerance(e.getKey()) != TOLERANCE) m = Math.max(m, Double.isNaN(e.getValue()) ? Double.POSITIVE_INFINITY : e.getValue());
			return m;
		}
	}

	/** @return the network settings of the check: the defaults with every random perturbation switched off */
	public static NetworkSettings deterministicNetwork() {
		final NetworkSettings s = new NetworkSettings();
		s.encoderDropout = new double[] { 0, 0, 0, 0, 0 };
		s.auxDropout = 0;
		s.featureNoise = 0;
		s.featureDropRange = new double[] { 0.8, 0.8 };
		return s;
	}

	/**
	 * Runs one CMEMS step and writes the file the twin checks.
	 *
	 * @param corrupt if true, one value of the exported weights differs from
	 *          what the engine used (class 1 of network 1's head bias + 0.05):
	 *          the twin must then report differences far above the tolerance
	 *          (shows the check can fail)
	 */
	public static void export(final Path file, final int size, final int exemplarCopies, final int synthetic, final int unlabeled, final long seed,
		final boolean corrupt) throws IOException
	{
		final CmemsSettings cmems = new CmemsSettings();
		cmems.rampUp = 0; // the unlabeled losses at full weight from the first step
		try (StepWorkload w = new StepWorkload(StepWorkload.Kind.CMEMS, BenchInputs.training(seed, size, Math.max(4, unlabeled)), size, exemplarCopies,
			synthetic, unlabeled, deterministicNetwork(), cmems, seed, Device.cpu()))
		{
			final TensorFile f = new TensorFile();
			w.export(f);
			if (corrupt) corrupt(f, w.networks().get(0));
			final List<SegmentationNetwork> nets = w.networks();
			try (NDManager scope = w.manager().newSubManager()) {
				final UnlabeledBatch u = w.batches().unlabeledBatch();
				final NDArray x = NDArrays.concat(new NDList(w.batches().labeledBatch().images(), u.weak(), u.strong()), 0);
				x.attach(scope);
				for (int k = 0; k < nets.size(); k++) {
					final NetworkOutput out = nets.get(k).forward(x, true, true);
					f.add("expected/net" + (k + 1) + "/logits", out.logits());
					for (int i = 0; i < out.auxiliaryLogits().size(); i++) f.add("expected/net" + (k + 1) + "/aux" + i, out.auxiliaryLogits().get(i));
				}
			}
			try (NDManager scope = w.manager().newSubManager()) {
				final StepLoss loss = w.lossAndBackward(scope);
				f.add("expected/terms/total", loss.total().reshape(1));
				for (final Map.Entry<String, NDArray> t : loss.terms().entrySet()) f.add("expected/terms/" + t.getKey(), t.getValue().reshape(1));
				for (final Map.Entry<String, NDArray> s : loss.statistics().entrySet()) f.add("expected/statistics/" + s.getKey(), s.getValue().reshape(-1));
				for (int k = 0; k < nets.size(); k++) {
					int i = 0;
					for (final Parameter p : nets.get(k).trainableParameters()) {
						final NDArray g = p.getArray().getGradient();
						g.attach(scope);
						f.add(String.format("expected/net%d/grad/%03d:%s", k + 1, i++, p.getName()), g);
					}
				}
				for (final Optimiser o : w.optimisers()) o.step((float) StepWorkload.LEARNING_RATE);
				for (int k = 0; k < nets.size(); k++) {
					int i = 0;
					for (final Pair<String, Parameter> p : nets.get(k).namedParameters())
						f.add(String.format("expected/net%d/after/%03d:%s", k + 1, i++, p.getKey()), p.getValue().getArray());
				}
			}
			f.write(file);
		}
	}

	/** Re-adds network 1's head bias with class 1 shifted; the twin reads the last entry of a name. */
	private static void corrupt(final TensorFile f, final SegmentationNetwork net) {
		int i = 0;
		String name = null;
		float[] bias = null;
		for (final Pair<String, Parameter> p : net.namedParameters()) {
			if (p.getKey().contains("head") && p.getKey().endsWith("bias")) {
				name = String.format("net1/%03d:%s", i, p.getKey());
				bias = p.getValue().getArray().toFloatArray();
			}
			i++;
		}
		if (bias == null) throw new IllegalStateException("no head bias found");
		bias[1] += 0.05f;
		f.add(name, bias, bias.length);
	}

	/** Asks the twin to check {@code file}. */
	public static Result compare(final String python, final Path repository, final Path file, final String upsample) throws IOException {
		final JsonObject r = PytorchTwin.parity(python, repository, file, upsample, 1);
		final Map<String, Double> q = new LinkedHashMap<>();
		for (final Map.Entry<String, com.google.gson.JsonElement> e : r.getAsJsonObject("quantities").entrySet())
			q.put(e.getKey(), e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber() ? e.getValue().getAsDouble() : Double.NaN);
		return new Result(r.get("torch").getAsString(), r.get("upsample").getAsString(), q);
	}
}
