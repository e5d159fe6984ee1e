package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.loss.PseudoLabels;
import sc.fiji.cmems.engine.loss.SegmentationLoss;
import sc.fiji.cmems.engine.net.NetworkOutput;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.tensor.AutogradSafe;
import sc.fiji.cmems.engine.tensor.Scope;

/**
 * CMEMS: cross-model mutual learning from an exemplar.
 * <p>
 * Per iteration each network sees, in one forward pass, the labeled batch
 * (exemplar copies and synthetic samples), the weak views {@code x_w} and the
 * strong views {@code x_s} of unlabeled slices. Each network's prediction on
 * {@code x_w}, detached, is the teacher of the <em>other</em> network
 * (pseudo-label = argmax, confidence = max of the softmax), so one pass per
 * network serves both as student and as teacher; the CutMix boxes of the
 * strong views take their targets from the same teacher's predictions on the
 * other images. Losses of network k, with teacher k':
 * <ul>
 * <li>supervised {@code 0.5 (CE + Dice)} on the labeled batch;</li>
 * <li>image perturbation: the student on {@code x_s} against the (CutMix-ed)
 * pseudo-labels, on confident pixels only;</li>
 * <li>feature perturbation: the three auxiliary heads of the student on
 * {@code x_w} (dropout, feature dropout, noise) against the pseudo-labels,
 * averaged;</li>
 * </ul>
 * {@code L = sum_k L_sup + w(t) (L_img + L_feat)} with a sigmoid ramp-up.
 * Low-confidence pixels are left out of the losses, never made background.
 * <p>
 * Guards against the collapse to background (CMEMS.md): an optional
 * supervised warm-up or fit gate before the unlabeled losses start, class-wise
 * thresholds, and the per-class fraction of confident pseudo-labels reported
 * every iteration ({@code pl<c>}) so that a collapse is visible as it happens.
 */
public final class CmemsMethod implements TrainingMethod {

	private static final float FIT_MOMENTUM = 0.9f;

	private final CmemsSettings settings;
	private final int exemplarBatch;
	private final int syntheticBatch;
	private final int unlabeledBatch;
	private final int classes;
	/** Running mean confidence per class of each network as a teacher. */
	private final float[][] classConfidence;
	/** Running mean of the first network's supervised soft Dice (for the fit gate). */
	private float fit = 0f;
	/** Iteration at which the unlabeled losses started, or -1. */
	private int unlabeledStart = -1;

	/** CMEMS in the registry ({@link TrainingMethods}): its terms, statistic and ablations. */
	public static final MethodDescriptor DESCRIPTOR = MethodDescriptor.named("cmems").label("+ feature perturbation (full CMEMS)")
		.description("two networks teach each other on unlabeled images through image and feature perturbations, with synthetic samples made from the exemplar; the default, and the best measured from one labeled slice")
		.needsUnlabeled() //
		.term("sup", "supervised", MethodDescriptor.Role.SUPERVISED) //
		.term("img", "image perturbation", MethodDescriptor.Role.IMAGE_PERTURBATION) //
		.term("feat", "feature perturbation", MethodDescriptor.Role.FEATURE_PERTURBATION) //
		.term("w", "unlabeled weight", MethodDescriptor.Role.WEIGHT) //
		.progress("pl", "confident pseudo-labels") //
		.settings("cmems", CmemsSettings.class) //
		.variant("cmems-image", "+ image perturbation", "cmems.featurePerturbation", "false") //
		.variant("cmems-no-synthetic", "full CMEMS without synthetic samples", "cmems.synthetic", "false") //
		.variant("cmems-feature", "full CMEMS without image perturbation", "cmems.imagePerturbation", "false") //
		.variant("cmems-classwise", "full CMEMS with class-wise thresholds", "cmems.thresholdMode", "CLASSWISE") //
		.variant("cmems-single", "single model (self-training)", "cmems.crossModel", "false") //
		.factory(a -> new CmemsMethod(a.own(CmemsSettings.class), a.exemplarBatch, a.syntheticBatch, a.unlabeledBatch, a.classes)) //
		.build();

	public CmemsMethod(final CmemsSettings settings, final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch,
		final int classes)
	{
		settings.check();
		this.settings = settings;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.classes = classes;
		this.classConfidence = new float[networkCount()][classes];
		for (final float[] c : classConfidence) Arrays.fill(c, (float) settings.threshold);
	}

	@Override
	public MethodDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public int networkCount() {
		return settings.crossModel ? 2 : 1;
	}

	/** @return the weight {@code w(t)} of the unlabeled losses at {@code iteration} */
	public float unlabeledWeight(final int iteration, final int iterations) {
		if (!settings.imagePerturbation && !settings.featurePerturbation) return 0f;
		final int start = startIteration(iteration);
		if (start < 0 || iteration < start) return 0f;
		final double length = settings.rampUp * iterations;
		if (length <= 0) return (float) settings.unlabeledWeight;
		return (float) (settings.unlabeledWeight * Ramps.sigmoid(iteration - start, length));
	}

	/** @return the iteration the unlabeled losses start at, or -1 while the fit gate is still closed */
	private int startIteration(final int iteration) {
		if (unlabeledStart >= 0) return unlabeledStart;
		if (settings.fitGate <= 0) return settings.warmup;
		return iteration >= settings.warmup && fit >= settings.fitGate ? iteration : -1;
	}

	/** @return the confidence threshold per class of network {@code teacher} as a teacher */
	public float[] thresholds(final int teacher) {
		final float[] t = new float[classes];
		for (int c = 0; c < classes; c++) {
			t[c] = (float) settings.threshold;
			if (settings.thresholdMode == CmemsSettings.ThresholdMode.CLASSWISE)
				t[c] = (float) Math.min(settings.threshold, Math.max(settings.thresholdFloor, classConfidence[teacher][c]));
		}
		return t;
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		final List<SegmentationNetwork> nets = step.networks();
		final LabeledBatch labeled = settings.synthetic ? step.labeled(exemplarBatch, syntheticBatch)
			: step.labeled(exemplarBatch + syntheticBatch, 0);
		final float weight = unlabeledWeight(step.iteration(), step.iterations());
		final boolean unlabeledOn = weight > 0;
		final UnlabeledBatch unlabeled = unlabeledOn ? step.unlabeled(unlabeledBatch, settings.imagePerturbation) : null;
		if (unlabeledOn && unlabeledStart < 0) unlabeledStart = step.iteration();

		final int nl = labeled.size(), nu = unlabeledOn ? unlabeled.size() : 0;
		final NDList parts = new NDList(labeled.images());
		if (unlabeledOn) {
			parts.add(unlabeled.weak());
			if (settings.imagePerturbation) parts.add(unlabeled.strong());
		}
		final NDArray input = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
		final boolean aux = unlabeledOn && settings.featurePerturbation;
		final List<NetworkOutput> outputs = new ArrayList<>();
		for (final SegmentationNetwork net : nets) outputs.add(net.forward(input, true, aux));
		if (parts.size() > 1) input.close(); // the first convolutions saved what they need of it

		final NDIndex labeledPart = new NDIndex("0:{}", nl), weakPart = new NDIndex("{}:{}", nl, nl + nu),
			strongPart = new NDIndex("{}:", nl + nu);
		final List<PseudoLabels> teachers = new ArrayList<>();
		if (unlabeledOn) for (final NetworkOutput out : outputs)
			try (NDArray weak = out.logits().get(weakPart)) {
				teachers.add(PseudoLabels.fromLogits(weak));
			}

		NDArray total = null;
		final Map<String, NDArray> terms = new LinkedHashMap<>(), statistics = new LinkedHashMap<>();
		terms.put("w", labeled.images().getManager().create(weight));
		for (int k = 0; k < nets.size(); k++) {
			final NetworkOutput output = outputs.get(k);
			final PseudoLabels teacher = unlabeledOn ? teachers.get(settings.crossModel ? 1 - k : k) : null;
			final float[] thresholds = unlabeledOn ? thresholds(settings.crossModel ? 1 - k : k) : null;
			// every full-size intermediate of the losses is freed at once; kept: the loss, its terms and the fit
			final List<NDArray> operands = new ArrayList<>(Arrays.asList(output.logits(), labeled.labels(), labeled.weights()));
			operands.addAll(output.auxiliaryLogits());
			if (unlabeledOn) operands.addAll(Arrays.asList(teacher.labels(), teacher.confidence()));
			final List<String> names = new ArrayList<>();
			final NDList kept = Scope.keepOnly(operands, () -> {
				final NDArray logits = output.logits().get(labeledPart);
				final NDArray dice = SegmentationLoss.dice(logits, labeled.labels(), labeled.weights());
				final NDArray ce = SegmentationLoss.crossEntropy(logits, labeled.labels(), labeled.weights(), true);
				final NDArray sup = SegmentationLoss.combined(ce, dice);
				final NDList out = new NDList(sup, dice.neg().add(1f).reshape(1));
				NDArray unsup = null;
				if (unlabeledOn && settings.imagePerturbation) {
					final PseudoLabels mixed = teacher.mixed(unlabeled.cutMix());
					final NDArray img = settings.unlabeledLoss.compute(output.logits().get(strongPart), mixed.labels(), mixed.confidentMask(thresholds));
					names.add("img");
					out.add(img);
					unsup = img;
				}
				if (unlabeledOn && settings.featurePerturbation) {
					final NDArray mask = teacher.confidentMask(thresholds);
					NDArray feat = null;
					for (final NDArray auxLogits : output.auxiliaryLogits()) {
						final NDArray l = settings.unlabeledLoss.compute(auxLogits.get(weakPart), teacher.labels(), mask);
						feat = feat == null ? l : feat.add(l);
					}
					feat = AutogradSafe.div(feat, output.auxiliaryLogits().size());
					names.add("feat");
					out.add(feat);
					unsup = unsup == null ? feat : unsup.add(feat);
				}
				out.add(unsup == null ? sup.add(0f) : sup.add(AutogradSafe.mul(unsup, weight)));
				return out;
			});
			terms.put("sup" + (k + 1), kept.get(0));
			if (k == 0) statistics.put("fit", kept.get(1));
			for (int n = 0; n < names.size(); n++) terms.put(names.get(n) + (k + 1), kept.get(2 + n));
			final NDArray lossK = kept.get(kept.size() - 1);
			total = total == null ? lossK : total.add(lossK);
			// network k's outputs are used up: freed now, not after the backward pass (see NetworkOutput.close)
			output.close();
		}
		if (unlabeledOn) addTeacherStatistics(statistics, teachers);
		teachers.forEach(PseudoLabels::close);
		final StepLoss out = new StepLoss(total);
		terms.forEach(out::term);
		statistics.forEach(out::statistic);
		return out;
	}

	/**
	 * Per teacher: mean confidence per class (for the class-wise thresholds) and
	 * the fraction of pixels that are confident pseudo-labels of each class.
	 */
	private void addTeacherStatistics(final Map<String, NDArray> statistics, final List<PseudoLabels> teachers) {
		for (int t = 0; t < teachers.size(); t++) {
			final PseudoLabels p = teachers.get(t);
			final float[] thresholds = thresholds(t);
			// the full-size one-hot maps and products are freed at once; kept: the per-class figures
			final NDList kept = Scope.keepOnly(Arrays.asList(p.labels(), p.confidence()), () -> {
				final NDArray oneHot = SegmentationLoss.oneHot(p.labels(), classes);
				final int[] pixelAxes = { 0, 2, 3 };
				final NDArray count = oneHot.sum(pixelAxes);
				final NDArray confidenceSum = oneHot.mul(p.confidence().expandDims(1)).sum(pixelAxes);
				final NDArray meanConfidence = confidenceSum.div(count.maximum(1f));
				final NDArray confident = p.confidentMask(thresholds).expandDims(1);
				final NDArray fraction = oneHot.mul(confident).sum(pixelAxes).div(p.labels().size());
				return new NDList(NDArrays.concat(new NDList(meanConfidence, count.gt(0f).toType(meanConfidence.getDataType(), false))), fraction);
			});
			statistics.put("conf" + (t + 1), kept.get(0));
			statistics.put("pl" + (t + 1), kept.get(1));
		}
	}

	@Override
	public void observe(final int iteration, final Map<String, float[]> statistics) {
		final float[] f = statistics.get("fit");
		if (f != null) fit = FIT_MOMENTUM * fit + (1 - FIT_MOMENTUM) * f[0];
		final float m = (float) settings.thresholdMomentum;
		for (int t = 0; t < classConfidence.length; t++) {
			final float[] s = statistics.get("conf" + (t + 1));
			if (s == null) continue;
			for (int c = 0; c < classes; c++)
				if (s[classes + c] > 0) classConfidence[t][c] = m * classConfidence[t][c] + (1 - m) * s[c];
		}
	}

	@Override
	public JsonObject saveState() {
		final JsonObject state = new JsonObject();
		state.addProperty("fit", fit);
		state.addProperty("unlabeledStart", unlabeledStart);
		final JsonArray conf = new JsonArray();
		for (final float[] c : classConfidence) {
			final JsonArray row = new JsonArray();
			for (final float v : c) row.add(v);
			conf.add(row);
		}
		state.add("classConfidence", conf);
		return state;
	}

	@Override
	public void loadState(final JsonObject state) {
		fit = state.get("fit").getAsFloat();
		unlabeledStart = state.get("unlabeledStart").getAsInt();
		final JsonArray conf = state.getAsJsonArray("classConfidence");
		if (conf.size() != classConfidence.length) throw new IllegalArgumentException("checkpoint state is for " + conf.size() + " networks, not " + classConfidence.length);
		for (int t = 0; t < classConfidence.length; t++) {
			final JsonArray row = conf.get(t).getAsJsonArray();
			for (int c = 0; c < classes; c++) classConfidence[t][c] = row.get(c).getAsFloat();
		}
	}
}
