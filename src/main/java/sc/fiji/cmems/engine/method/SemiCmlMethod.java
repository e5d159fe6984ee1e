package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.loss.AreaSimilarity;
import sc.fiji.cmems.engine.loss.SegmentationLoss;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.optim.OptimiserSpec;
import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * Semi-CML: contrastive mutual learning and pseudo-label re-learning (Zhang
 * et al., MedIA 2023; METHODS.md). With images of two channels (modalities,
 * such as two MRI sequences) network k reads channel k alone, as the original
 * does, and either network segments from its modality alone. With one channel
 * the two networks take the same unlabeled slices under two views (network 1
 * the weak view, network 2 the strong, CutMix-ed view; network 1's maps are
 * mixed alike before they are compared).
 * <p>
 * Stage 1: {@code L = sum_k (10 CE + 7 Dice)(labeled) + 3.5 ASC(p1, p2) + w(t) mean((p1 - p2)^2)}.
 * A third network, the best-model average (BMA), is a copy of network 2
 * that moves towards network 2 when a validation beats the pool of the best
 * scores so far ({@code theta <- a theta + (1 - a) theta_2}, {@code a = min(1 - (d - d_min) / d, 0.99)});
 * a run without validation (or with {@code semicml.averageByValidation=false}) makes it an
 * EMA of network 2 with momentum 0.99, updated every iteration.
 * Stage 2 (pseudo-label re-learning): the labeled loss is dropped; the
 * teacher is the mean softmax of the BMA over noisy inputs, dropout on;
 * network k learns {@code a_k ASC + (1 - a_k)(10 CE + 7 Dice)} against it,
 * network 2 only from the end of the run. Adam, warm-up then steps of the
 * learning rate. The BMA survives checkpoints; the model keeps both networks.
 */
public final class SemiCmlMethod implements TrainingMethod {

	public static final MethodDescriptor DESCRIPTOR = MethodDescriptor.named("semicml").label("Semi-CML")
		.description("two networks learn from each other's maps by an area-similarity contrast, then re-learn from the pseudo-labels of a best-model average (Adam; built for two co-registered modalities, one network each)")
		.needsUnlabeled() //
		.term("sup", "supervised", MethodDescriptor.Role.SUPERVISED) //
		.term("asc", "area-similarity contrast", MethodDescriptor.Role.CONSISTENCY) //
		.term("mse", "mean-squared consistency", MethodDescriptor.Role.CONSISTENCY) //
		.term("prel", "re-learning from the BMA teacher", MethodDescriptor.Role.CONSISTENCY) //
		.term("w", "consistency weight", MethodDescriptor.Role.WEIGHT) //
		.term("stage", "stage", MethodDescriptor.Role.WEIGHT) //
		.settings("semicml", SemiCmlSettings.class) //
		.variant("semicml-no-asc", "Semi-CML without ASC", "semicml.asc", "false") //
		.variant("semicml-no-prel", "Semi-CML without PReL", "semicml.prel", "false") //
		.factory(a -> new SemiCmlMethod(a.own(SemiCmlSettings.class), a.exemplarBatch, a.syntheticBatch, a.unlabeledBatch, a.validates, a.channels)) //
		.build();

	private static final String AVERAGE_TENSORS = "best-model-average.params";

	private final SemiCmlSettings settings;
	private final int exemplarBatch, syntheticBatch, unlabeledBatch;
	private final boolean validates;
	/** Whether network k reads channel k of two (the modalities), else both read the same image under two views. */
	private final boolean modalities;
	private List<SegmentationNetwork> networks;
	private NDManager manager;
	/** The best-model average, once network 2 was copied into it. */
	private SegmentationNetwork average;
	/** The best validation scores while the pool is open, highest first. */
	private final List<Double> pool = new ArrayList<>();

	public SemiCmlMethod(final SemiCmlSettings settings, final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final boolean validates) {
		this(settings, exemplarBatch, syntheticBatch, unlabeledBatch, validates, 1);
	}

	/** @param channels the images' channels: with two (and {@code perModality}), one network per modality */
	public SemiCmlMethod(final SemiCmlSettings settings, final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final boolean validates,
		final int channels)
	{
		settings.check();
		this.settings = settings;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.validates = validates;
		this.modalities = settings.perModality && channels == 2;
	}

	@Override
	public int[] inputChannels(final int k, final int channels) {
		return modalities ? new int[] { k } : null;
	}

	/** @return network {@code k}'s part of a batch: its modality's channel, or the whole batch */
	private NDArray input(final NDArray images, final int k) {
		return modalities ? images.get(":, {}:{}", k, k + 1) : images;
	}

	@Override
	public MethodDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public int networkCount() {
		return 2;
	}

	@Override
	public OptimiserSpec optimiser(final int k, final OptimiserSpec run) {
		return OptimiserSpec.adam(settings.adamWeightDecay);
	}

	/** Linear warm-up, then the rate times {@code decayFactor} at each point of {@code decayAt} passed. */
	@Override
	public float learningRate(final int iteration, final int iterations, final float scheduled) {
		final int warmup = at(settings.warmupFraction, iterations);
		if (iteration < warmup) return (float) (settings.learningRate * (iteration + 1) / warmup);
		double rate = settings.learningRate;
		for (final double d : settings.decayAt) if (iteration >= at(d, iterations)) rate *= settings.decayFactor;
		return (float) rate;
	}

	@Override
	public void start(final List<SegmentationNetwork> nets, final NDManager root) {
		this.networks = nets;
		this.manager = root.newSubManager();
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		throw new UnsupportedOperationException("Semi-CML computes its losses in update()");
	}

	@Override
	public StepLoss update(final TrainingStep step, final Updates updates) {
		final int it = step.iteration(), iterations = step.iterations();
		final boolean stage2 = settings.prel && it >= at(settings.prelStart, iterations);
		if (settings.prel && average == null && it >= at(settings.averageCopy, iterations)) startAverage();
		final StepLoss loss = stage2 ? relearning(step, updates) : updates.backward(() -> mutualLearning(step));
		updates.step(loss, updates.learningRate());
		// without validation scores the average follows network 2 as an EMA until stage 2
		if (average != null && !byValidation() && !stage2) moveAverage(settings.averageMomentum);
		return loss;
	}

	/** Stage 1: supervised losses, ASC and the mean-squared consistency between the two networks. */
	private StepLoss mutualLearning(final TrainingStep step) {
		final LabeledBatch labeled = settings.syntheticSamples ? step.labeled(exemplarBatch, syntheticBatch) : step.labeled(exemplarBatch + syntheticBatch, 0);
		final UnlabeledBatch unlabeled = step.unlabeled(unlabeledBatch, true);
		final int nl = labeled.size();
		final NDIndex labeledPart = new NDIndex("0:{}", nl), unlabeledPart = new NDIndex("{}:", nl);
		// two modalities: each network its channel of the same (weak) views; one: network 2 the strong, CutMix-ed views
		final NDArray views2 = modalities ? unlabeled.weak() : unlabeled.strong();
		final NDArray logits1 = networks.get(0).forward(input(NDArrays.concat(new NDList(labeled.images(), unlabeled.weak()), 0), 0), true, false).logits();
		final NDArray logits2 = networks.get(1).forward(input(NDArrays.concat(new NDList(labeled.images(), views2), 0), 1), true, false).logits();
		final NDArray sup1 = supervised(logits1.get(labeledPart), labeled), sup2 = supervised(logits2.get(labeledPart), labeled);
		// network 2 saw the CutMix-ed strong views: network 1's maps are mixed alike to compare pixel for pixel
		final NDArray p1 = modalities ? logits1.get(unlabeledPart).softmax(1) : unlabeled.cutMix().mixImages(logits1.get(unlabeledPart).softmax(1));
		final NDArray p2 = logits2.get(unlabeledPart).softmax(1);
		final float w = (float) Ramps.sigmoid(step.iteration(), settings.consistencyRampUp * step.iterations());
		final NDArray mse = p1.sub(p2).square().mean();
		NDArray total = sup1.add(sup2).add(AutogradSafe.mul(mse, w));
		final NDManager m = step.manager();
		final StepLoss result;
		if (settings.asc) {
			final NDArray asc = AreaSimilarity.contrastive(p1, p2);
			total = total.add(AutogradSafe.mul(asc, (float) settings.ascWeight));
			result = new StepLoss(total).term("sup1", sup1).term("sup2", sup2).term("asc", asc);
		}
		else result = new StepLoss(total).term("sup1", sup1).term("sup2", sup2);
		return result.term("mse", mse).term("w", m.create(w)).term("stage", m.create(1f));
	}

	/** Stage 2: both networks learn from the best-model average's soft pseudo-labels; network 2 only at the end. */
	private StepLoss relearning(final TrainingStep step, final Updates updates) {
		final UnlabeledBatch unlabeled = step.unlabeled(unlabeledBatch, true);
		final NDArray teacher = teacher(input(unlabeled.weak(), 1)); // the average is network 2's kind; outside the gradient collector: no graph
		final float second = step.iteration() >= at(settings.secondNetworkStart, step.iterations()) ? 1f : 0f;
		return updates.backward(() -> {
			final NDArray l1 = relearn(networks.get(0).forward(input(unlabeled.weak(), 0), true, false).logits(), teacher, settings.prelAscWeights[0]);
			final NDArray l2 = modalities ? relearn(networks.get(1).forward(input(unlabeled.weak(), 1), true, false).logits(), teacher, settings.prelAscWeights[1])
				: relearn(networks.get(1).forward(unlabeled.strong(), true, false).logits(), unlabeled.cutMix().mixImages(teacher), settings.prelAscWeights[1]);
			final NDManager m = step.manager();
			return new StepLoss(l1.add(AutogradSafe.mul(l2, second))).term("prel1", l1).term("prel2", l2).term("stage", m.create(2f));
		});
	}

	/** @return {@code a ASC(teacher, p) + (1 - a)(ceWeight CE + diceWeight Dice)} against the soft teacher */
	private NDArray relearn(final NDArray logits, final NDArray teacher, final double ascWeight) {
		final NDArray ce = SegmentationLoss.softCrossEntropy(logits, teacher), dice = SegmentationLoss.softDice(logits, teacher);
		final NDArray direct = AutogradSafe.mul(ce, (float) settings.ceWeight).add(AutogradSafe.mul(dice, (float) settings.diceWeight));
		final NDArray asc = AreaSimilarity.contrastive(teacher, logits.softmax(1));
		return AutogradSafe.mul(asc, (float) ascWeight).add(AutogradSafe.mul(direct, (float) (1 - ascWeight)));
	}

	/** @return the mean softmax of the best-model average over noisy copies of {@code images}, dropout and batch statistics on */
	private NDArray teacher(final NDArray images) {
		NDArray sum = null;
		for (int pass = 0; pass < settings.teacherPasses; pass++) {
			final NDArray noise = images.getManager().randomNormal(images.getShape()).mul((float) settings.teacherNoise).clip(0, settings.teacherNoiseMax);
			final NDArray p = average.forward(images.add(noise), true, false).logits().softmax(1);
			sum = sum == null ? p : sum.add(p);
		}
		return sum.div((float) settings.teacherPasses).stopGradient();
	}

	private NDArray supervised(final NDArray logits, final LabeledBatch labeled) {
		final NDArray ce = SegmentationLoss.crossEntropy(logits, labeled.labels(), labeled.weights(), true);
		final NDArray dice = SegmentationLoss.dice(logits, labeled.labels(), labeled.weights());
		return AutogradSafe.mul(ce, (float) settings.ceWeight).add(AutogradSafe.mul(dice, (float) settings.diceWeight));
	}

	/** The pool of best validation scores and the best-model average's updates, while the pool is open (stage 1). */
	@Override
	public void validated(final int iteration, final int iterations, final double dice) {
		if (!settings.prel || !byValidation() || iteration < at(settings.averageStart, iterations) || iteration >= at(settings.prelStart, iterations)) return;
		if (average != null && !pool.isEmpty() && dice > 0) {
			final double lowest = pool.get(pool.size() - 1);
			if (dice > lowest) moveAverage(Math.min(1 - (dice - lowest) / dice, settings.averageMomentum));
		}
		pool.add(dice);
		pool.sort(Collections.reverseOrder());
		while (pool.size() > settings.averagePool) pool.remove(pool.size() - 1);
	}

	/** @return whether the best-model average follows the validations (else it is an EMA) */
	private boolean byValidation() {
		return validates && settings.averageByValidation;
	}

	/** @return the best-model average, or null before network 2 was copied into it */
	SegmentationNetwork average() {
		return average;
	}

	/** {@code theta_average <- a theta_average + (1 - a) theta_2}, batch-norm statistics included. */
	private void moveAverage(final double momentum) {
		average.averageWith(networks.get(1), momentum);
	}

	/** Copies network 2 into the best-model average. */
	void startAverage() {
		average = networks.get(1).copy(manager);
	}

	@Override
	public JsonObject saveState() {
		final JsonObject state = new JsonObject();
		final JsonArray scores = new JsonArray();
		for (final double d : pool) scores.add(d);
		state.add("pool", scores);
		return state;
	}

	@Override
	public void loadState(final JsonObject state) {
		pool.clear();
		if (state.has("pool")) for (final JsonElement e : state.getAsJsonArray("pool")) pool.add(e.getAsDouble());
	}

	@Override
	public Map<String, byte[]> saveTensors() {
		return average == null ? Collections.emptyMap() : Collections.singletonMap(AVERAGE_TENSORS, average.toBytes());
	}

	@Override
	public void loadTensors(final Map<String, byte[]> tensors) throws IOException {
		final byte[] bytes = tensors.get(AVERAGE_TENSORS);
		if (bytes != null) average = SegmentationNetwork.fromBytes(networks.get(1).settings(), networks.get(1).classes(), bytes, manager);
	}

	/** @return the first iteration at or after {@code fraction} of the run */
	private static int at(final double fraction, final int iterations) {
		return (int) Math.ceil(fraction * iterations);
	}

}
