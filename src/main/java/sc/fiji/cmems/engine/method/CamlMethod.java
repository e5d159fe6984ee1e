package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.loss.CorrelationLosses;
import sc.fiji.cmems.engine.net.NetworkOutput;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * CAML: correlation-aware mutual learning (Gao et al., MICCAI 2023; METHODS.md). Two networks of different kinds
 * segment the same batch of labeled and unlabeled slices: network 1 is the run's UNet, network 2 upsamples by
 * interpolation and convolution and carries the cross-sample mutual attention (CMA) on its 1/8-level encoder features,
 * so that the labeled and unlabeled samples of the batch attend to each other. Both have projection and prediction
 * heads on their last decoder features.
 * <p>
 * {@code L = 0.5 L_s + l_c(t) L_c + l_o(t) L_o}: the supervised soft Dice of both networks; each network's softmax
 * against the other's sharpened softmax ({@link CorrelationLosses#sharpenedConsistency}); and the omni-correlation
 * consistency: the embeddings of labeled pixels that both networks label correctly go into a memory bank
 * ({@link CamlMemory}, method state), the unlabeled pixels both networks agree on (the most confident per class) are
 * correlated with a sample of it by each network, and network 1's correlations learn network 2's
 * ({@link CorrelationLosses#omniCorrelation}). Inference: network 1 alone (the original), or both.
 */
public final class CamlMethod implements TrainingMethod {

	public static final MethodDescriptor DESCRIPTOR = MethodDescriptor.named("caml").label("CAML")
		.description("two different networks (one with attention across the samples of a batch) learn from each other's sharpened maps and from how their unlabeled pixels correlate with a memory of labeled ones")
		.needsUnlabeled() //
		.term("sup", "supervised", MethodDescriptor.Role.SUPERVISED) //
		.term("cons", "sharpened mutual consistency", MethodDescriptor.Role.CONSISTENCY) //
		.term("occ", "omni-correlation consistency", MethodDescriptor.Role.CONSISTENCY) //
		.term("wc", "consistency weight", MethodDescriptor.Role.WEIGHT) //
		.term("wo", "correlation weight", MethodDescriptor.Role.WEIGHT) //
		.progress("agree", "pixels both networks agree on") //
		.settings("caml", CamlSettings.class) //
		.variant("caml-no-occ", "CAML without OCC", "caml.occ", "false") //
		.variant("caml-no-cma", "CAML without CMA", "caml.attention", "false") //
		.factory(a -> new CamlMethod(a.own(CamlSettings.class), a.exemplarBatch, a.syntheticBatch, a.unlabeledBatch, a.classes)) //
		.build();

	private static final String MEMORY_TENSORS = "memory-bank.bin";

	private final CamlSettings settings;
	private final int exemplarBatch, syntheticBatch, unlabeledBatch, classes;
	private final CamlMemory memory;
	private List<SegmentationNetwork> networks;

	public CamlMethod(final CamlSettings settings, final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final int classes) {
		settings.check();
		this.settings = settings;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.classes = classes;
		this.memory = new CamlMemory(settings.embeddingWidth);
	}

	@Override
	public MethodDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public int networkCount() {
		return 2;
	}

	/** Network 1: the run's UNet; network 2: upsampling by interpolation and convolution, and CMA; both with embedding heads. */
	@Override
	public NetworkSettings network(final int k, final NetworkSettings run) {
		final NetworkSettings s = run.copy();
		s.embeddingWidth = settings.embeddingWidth;
		s.embeddingDropout = settings.embeddingDropout;
		if (k == 1) {
			s.upsampling = NetworkSettings.INTERPOLATE_THEN_CONVOLVE;
			s.crossSampleAttention = settings.attention;
			s.attentionHeads = settings.attentionHeads;
			s.attentionFeedForward = 4 * run.channels[3];
			s.attentionDropout = settings.attentionDropout;
		}
		return s;
	}

	@Override
	public List<Integer> inferenceNetworks() {
		return settings.inferenceBoth ? null : Collections.singletonList(0);
	}

	@Override
	public void start(final List<SegmentationNetwork> nets, final NDManager root) {
		this.networks = nets;
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		final NDManager m = step.manager();
		final LabeledBatch labeled = settings.syntheticSamples ? step.labeled(exemplarBatch, syntheticBatch) : step.labeled(exemplarBatch + syntheticBatch, 0);
		final NDArray unlabeled = step.unlabeled(unlabeledBatch, false).weak();
		final int nl = labeled.size();
		final NDArray images = NDArrays.concat(new NDList(labeled.images(), unlabeled), 0);
		final List<NetworkOutput> outputs = new ArrayList<>(2);
		final List<NDArray> probabilities = new ArrayList<>(2);
		final NDArray[] dice = new NDArray[2];
		for (int k = 0; k < 2; k++) {
			final SegmentationNetwork network = networks.get(k);
			final NetworkOutput out = network.forward(images, true, false, settings.occ);
			outputs.add(out);
			probabilities.add(out.logits().softmax(1));
			dice[k] = CorrelationLosses.foregroundDice(out.logits().get("0:{}", nl), labeled.labels(), labeled.weights());
		}
		final NDArray sup = dice[0].add(dice[1]);
		final NDArray consistency = CorrelationLosses.sharpenedConsistency(probabilities, settings.sharpenTemperature, settings.detachSharpened);
		final double ramp = ramp(step.iteration(), step.iterations());
		final float wc = (float) (settings.consistencyWeight * ramp), wo = (float) (settings.occWeight * ramp);
		NDArray total = AutogradSafe.mul(sup, (float) settings.supervisedWeight).add(AutogradSafe.mul(consistency, wc));
		final StepLoss loss;
		if (settings.occ) {
			final Correlation occ = omniCorrelation(step, labeled, outputs, probabilities, nl);
			total = total.add(AutogradSafe.mul(occ.loss, wo));
			loss = new StepLoss(total).term("occ", occ.loss).statistic("agree1", occ.agreement);
		}
		else loss = new StepLoss(total).statistic("agree1", agreement(probabilities, nl, m));
		return loss.term("sup1", dice[0]).term("sup2", dice[1]).term("cons", consistency).term("wc", m.create(wc)).term("wo", m.create(wo));
	}

	/** The ramp of both weights: SSL4MIS's sigmoid over {@code rampUp} of the run, moving in steps of {@code rampStep}. */
	double ramp(final int iteration, final int iterations) {
		final double block = Math.max(1, Math.round(settings.rampStep * iterations));
		return Ramps.sigmoid(Math.floor((iteration + 1) / block), settings.rampUp * iterations / block);
	}

	private static final class Correlation {

		final NDArray loss, agreement;

		Correlation(final NDArray loss, final NDArray agreement) {
			this.loss = loss;
			this.agreement = agreement;
		}
	}

	/**
	 * Updates the memory bank with the labeled pixels both networks label correctly (their mean projected embedding,
	 * the heads' batch norm in inference mode, no gradient) and returns the omni-correlation consistency of the
	 * unlabeled pixels both networks agree on, against a sample of the bank.
	 */
	private Correlation omniCorrelation(final TrainingStep step, final LabeledBatch labeled, final List<NetworkOutput> outputs,
		final List<NDArray> probabilities, final int nl)
	{
		final NDManager m = step.manager();
		final int width = settings.embeddingWidth;
		// the bank: labeled pixels both networks got right, slot by slot
		final NDArray truth = labeled.labels().toType(DataType.INT32, false);
		NDArray correct = labeled.weights().gt(0f);
		NDArray stored = null;
		for (int k = 0; k < 2; k++) {
			correct = correct.logicalAnd(probabilities.get(k).get("0:{}", nl).argMax(1).toType(DataType.INT32, false).eq(truth));
			final NDArray projected = networks.get(k).project(pixels(outputs.get(k).features().get("0:{}", nl)), false).stopGradient();
			stored = stored == null ? projected : stored.add(projected);
		}
		final float[] storedValues = stored.div(2f).toFloatArray();
		final boolean[] right = correct.toBooleanArray();
		final int[] labels = truth.toIntArray();
		final int perSlot = right.length / nl;
		for (int s = 0; s < nl; s++) {
			int n = 0;
			for (int i = s * perSlot; i < (s + 1) * perSlot; i++) if (right[i]) n++;
			final float[] f = new float[n * width];
			final int[] c = new int[n];
			int r = 0;
			for (int i = s * perSlot; i < (s + 1) * perSlot; i++) {
				if (!right[i]) continue;
				System.arraycopy(storedValues, i * width, f, r * width, width);
				c[r++] = labels[i];
			}
			memory.store(s, f, c);
		}
		// the unlabeled pixels both networks agree on; per class the most confident of network 1
		final NDArray pv = probabilities.get(0).get("{}:", nl), pa = probabilities.get(1).get("{}:", nl);
		final NDArray labelV = pv.argMax(1).toType(DataType.INT32, false);
		final NDArray agree = labelV.eq(pa.argMax(1).toType(DataType.INT32, false));
		final int[] classOf = labelV.toIntArray();
		final boolean[] agreeing = agree.toBooleanArray();
		final float[] confidence = pv.max(new int[] { 1 }).toFloatArray();
		final float[] agreement = new float[classes];
		final List<Integer> kept = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			final List<Integer> rows = new ArrayList<>();
			for (int i = 0; i < classOf.length; i++) if (agreeing[i] && classOf[i] == c) rows.add(i);
			agreement[c] = rows.size() / (float) classOf.length;
			if (rows.size() <= 1) continue;
			rows.sort((a, b) -> Float.compare(confidence[b], confidence[a]));
			kept.addAll(rows.subList(0, Math.min(rows.size(), settings.unlabeledPerClass)));
		}
		final NDArray agreementShares = m.create(agreement);
		final float[] sampled = memory.sample(classes, settings.memoryPerClass, step.random());
		if (kept.isEmpty() || sampled.length == 0) return new Correlation(m.zeros(new Shape()), agreementShares);
		final NDArray bank = AutogradSafe.create(m, sampled, new Shape(sampled.length / width, width)); // the backward pass reads it
		// the heads see every agreeing pixel (their batch norm's statistics), the correlations only the kept ones
		final int[] agreeingRows = indicesOf(agreeing);
		final int[] position = new int[agreeing.length];
		for (int i = 0; i < agreeingRows.length; i++) position[agreeingRows[i]] = i;
		final int[] keptRows = new int[kept.size()];
		for (int i = 0; i < keptRows.length; i++) keptRows[i] = position[kept.get(i)];
		final NDArray[] correlation = new NDArray[2];
		for (int k = 0; k < 2; k++) {
			final SegmentationNetwork network = networks.get(k);
			final NDArray features = rows(pixels(outputs.get(k).features().get("{}:", nl)), agreeingRows);
			final NDArray embedded = network.predict(network.project(features, true), true);
			correlation[k] = CorrelationLosses.correlation(rows(embedded, keptRows), bank, settings.correlationTemperature);
		}
		return new Correlation(CorrelationLosses.omniCorrelation(correlation[0], correlation[1]), agreementShares);
	}

	/** @return per class, the share of the unlabeled pixels whose class both networks agree on */
	private NDArray agreement(final List<NDArray> probabilities, final int nl, final NDManager m) {
		final int[] v = probabilities.get(0).get("{}:", nl).argMax(1).toType(DataType.INT32, false).toIntArray();
		final int[] a = probabilities.get(1).get("{}:", nl).argMax(1).toType(DataType.INT32, false).toIntArray();
		final float[] share = new float[classes];
		for (int i = 0; i < v.length; i++) if (v[i] == a[i]) share[v[i]] += 1f / v.length;
		return m.create(share);
	}

	/** @return features {@code (B, D, H, W)} as one row per pixel {@code (B H W, D)}, in the order of the labels' pixels */
	private static NDArray pixels(final NDArray features) {
		final long d = features.getShape().get(1);
		return features.transpose(0, 2, 3, 1).reshape(-1, d);
	}

	/** @return rows {@code index} of {@code matrix (N, D)} as {@code (index.length, D)}, differentiable */
	static NDArray rows(final NDArray matrix, final int[] index) {
		final long d = matrix.getShape().get(1);
		final long[] wide = new long[index.length];
		for (int i = 0; i < index.length; i++) wide[i] = index[i];
		try (NDArray wrapped = matrix.getManager().create(wide, new Shape(index.length, 1))) {
			final NDArray at = wrapped.duplicate(); // in PyTorch's memory: the backward pass reads it (AutogradSafe)
			return matrix.gather(at.broadcast(index.length, d), 0);
		}
	}

	private static int[] indicesOf(final boolean[] mask) {
		int n = 0;
		for (final boolean b : mask) if (b) n++;
		final int[] out = new int[n];
		int at = 0;
		for (int i = 0; i < mask.length; i++) if (mask[i]) out[at++] = i;
		return out;
	}

	@Override
	public Map<String, byte[]> saveTensors() {
		return Collections.singletonMap(MEMORY_TENSORS, memory.toBytes());
	}

	@Override
	public void loadTensors(final Map<String, byte[]> tensors) throws IOException {
		final byte[] bytes = tensors.get(MEMORY_TENSORS);
		if (bytes != null) memory.load(bytes, classes);
	}

	/** @return the stored embeddings per class (for tests) */
	int[] memoryCounts() {
		return memory.counts(classes);
	}
}
