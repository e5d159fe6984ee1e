package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.device.Seeds;
import sc.fiji.cmems.engine.loss.SegmentationLoss;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.tensor.Warp;

/**
 * MLB-Seg: consistency-guided meta-learning for bootstrapping (Wei et al.,
 * MICCAI 2023; METHODS.md), for C classes and one network (the student).
 * <p>
 * Stage 0 trains the student on the labeled slices alone; at its end a frozen
 * copy of it gives the <em>initial labels</em> {@code y~} of every unlabeled
 * view it is shown (on the view itself: the same as labelling every slice once
 * and warping the labels, up to the network's equivariance), and an EMA teacher
 * starts from it. Then each iteration:
 * <ol>
 * <li>pseudo-label enhancement: the teacher segments five views of the
 * unlabeled slices (the slice, a zoom-in, two zoom-outs, a flip; plus a little
 * noise), the predictions are mapped back and averaged: {@code y^} is their argmax;</li>
 * <li>the meta step: per-pixel costs {@code c1 = CE(p, y~)} and {@code c2 = CE(p, y^)};
 * the weight of each is {@code -dL_g/de} of the clean loss {@code L_g} (cross-entropy
 * on the labeled slices) after a virtual SGD step on {@code sum(e c) + L_cons + L_ema}.
 * At {@code e = 0} that is exactly {@code a grad L_g(theta') . grad c_i(theta)}, measured as a directional
 * derivative of the costs along {@code g = grad L_g(theta')} (two forward passes at
 * {@code theta +- h g}); negative weights are dropped and the rest normalised to sum 1;</li>
 * <li>two real updates, each clipped to a gradient norm of 0.2 and followed by the
 * EMA teacher's update: the weighted costs with {@code L_cons} and {@code L_ema}, then
 * the labeled slices' cross-entropy with {@code L_cons} and {@code L_ema}.</li>
 * </ol>
 * {@code L_cons}: the student's predictions on the views against the mean of its
 * back-projected predictions (detached, projected into each view); {@code L_ema}: against
 * the teacher's on the same views. Both are mean squared errors of probabilities.
 * Inference: the student.
 */
public final class MlbSegMethod implements TrainingMethod {

	public static final MethodDescriptor DESCRIPTOR = MethodDescriptor.named("mlbseg").label("MLB-Seg")
		.description("one network bootstraps from its own initial labels and enhanced pseudo-labels, each pixel weighted by a meta step on the labeled slices; built for a few labeled slices, about three times slower per iteration")
		.needsUnlabeled() //
		.term("sup", "supervised", MethodDescriptor.Role.SUPERVISED) //
		.term("meta", "meta-weighted pseudo-label cost", MethodDescriptor.Role.CONSISTENCY) //
		.term("cons", "view consistency", MethodDescriptor.Role.CONSISTENCY) //
		.term("ema", "EMA teacher consistency", MethodDescriptor.Role.CONSISTENCY) //
		.term("stage", "stage", MethodDescriptor.Role.WEIGHT) //
		.settings("mlbseg", MlbSegSettings.class) //
		.variant("mlbseg-no-meta", "MLB-Seg without meta-weights", "mlbseg.metaWeights", "false") //
		.variant("mlbseg-no-ple", "MLB-Seg without PLE", "mlbseg.ple", "false") //
		.factory(a -> new MlbSegMethod(a.own(MlbSegSettings.class), a.exemplarBatch, a.syntheticBatch, a.unlabeledBatch, a.classes)) //
		.build();

	private static final String TEACHER = "ema-teacher.params", INITIAL = "initial-labels-network.params";
	/** The views of pseudo-label enhancement: the slice, a zoom-in, two zoom-outs and a flip. */
	static final int VIEWS = 5;

	private final MlbSegSettings settings;
	private final int exemplarBatch, syntheticBatch, unlabeledBatch, classes;
	private SegmentationNetwork student, teacher, initial;
	private NDManager manager;
	private int emaSteps = 0;

	public MlbSegMethod(final MlbSegSettings settings, final int exemplarBatch, final int syntheticBatch, final int unlabeledBatch, final int classes) {
		settings.check();
		this.settings = settings;
		this.exemplarBatch = exemplarBatch;
		this.syntheticBatch = syntheticBatch;
		this.unlabeledBatch = unlabeledBatch;
		this.classes = classes;
	}

	@Override
	public MethodDescriptor descriptor() {
		return DESCRIPTOR;
	}

	@Override
	public int networkCount() {
		return 1;
	}

	@Override
	public void start(final List<SegmentationNetwork> networks, final NDManager root) {
		student = networks.get(0);
		manager = root.newSubManager();
	}

	@Override
	public StepLoss loss(final TrainingStep step) {
		throw new UnsupportedOperationException("MLB-Seg computes its losses in update()");
	}

	@Override
	public StepLoss update(final TrainingStep step, final Updates updates) {
		final int it = step.iteration();
		final float lr = updates.learningRate();
		final LabeledBatch labeled = step.labeled(exemplarBatch, syntheticBatch);
		if (it < (int) Math.ceil(settings.initialStage * step.iterations())) {
			final StepLoss loss = updates.backward(() -> {
				final NDArray logits = student.forward(labeled.images(), true, false).logits();
				final NDArray sup = SegmentationLoss.combined(SegmentationLoss.crossEntropy(logits, labeled.labels(), labeled.weights(), true),
					SegmentationLoss.dice(logits, labeled.labels(), labeled.weights()));
				return new StepLoss(sup).term("sup", sup).term("stage", step.manager().create(0f));
			});
			updates.step(loss, lr);
			return loss;
		}
		if (teacher == null) {
			teacher = student.copy(manager);
			initial = student.copy(manager);
		}
		final NDManager m = step.manager();
		final NDArray unlabeled = step.unlabeled(unlabeledBatch, false).weak();
		final int b = (int) unlabeled.getShape().get(0), size = (int) unlabeled.getShape().get(3);
		final Views views = Views.draw(step.random(), b, size, settings.viewMargin);
		final NDArray viewImages = views.project(unlabeled);
		// the teacher's views (no gradient: outside any collector), the enhanced and the initial labels
		final NDArray noisy = viewImages.add(m.randomNormal(viewImages.getShape()).mul((float) settings.teacherNoise));
		final NDArray teacherProbs = teacher.forward(noisy, false, false).logits().softmax(1);
		final NDArray enhanced = (settings.ple ? views.backProject(teacherProbs) : teacherProbs.get("0:{}", b)).argMax(1);
		final NDArray initialLabels = initial.forward(unlabeled, false, false).logits().argMax(1);

		final NDArray weights = settings.metaWeights ? metaWeights(step, updates, labeled, unlabeled, viewImages, views, teacherProbs, initialLabels, enhanced, lr)
			: m.ones(new Shape(2, b, size, size)).div(2f * b * size * size);

		// update 1: the weighted costs and the consistencies
		final StepLoss first = updates.backward(() -> {
			final NDArray logits = student.forward(viewImages, true, false).logits();
			final NDArray[] consistency = consistencies(logits, views, teacherProbs, b);
			final NDArray p = logits.get("0:{}", b);
			final NDArray costs = NDArrays.stack(new NDList(SegmentationLoss.perPixelCrossEntropy(p, initialLabels), SegmentationLoss.perPixelCrossEntropy(p, enhanced)));
			final NDArray meta = costs.mul(weights).sum();
			return new StepLoss(meta.add(consistency[0]).add(consistency[1])).term("meta", meta).term("cons", consistency[0]).term("ema", consistency[1]);
		});
		updates.clipGradientNorm(0, (float) settings.clipNorm);
		updates.step(first, lr);
		emaUpdate();
		// update 2: the labeled slices and the consistencies
		final StepLoss second = updates.backward(() -> {
			final NDArray sup = SegmentationLoss.crossEntropy(student.forward(labeled.images(), true, false).logits(), labeled.labels(), labeled.weights(), true);
			final NDArray[] consistency = consistencies(student.forward(viewImages, true, false).logits(), views, teacherProbs, b);
			return new StepLoss(sup.add(consistency[0]).add(consistency[1])).term("sup", sup);
		});
		updates.clipGradientNorm(0, (float) settings.clipNorm);
		updates.step(second, lr);
		emaUpdate();
		final StepLoss report = new StepLoss(first.total().add(second.total()));
		report.term("sup", second.terms().get("sup"));
		first.terms().forEach(report::term);
		return report.term("stage", m.create(1f));
	}

	/**
	 * The meta step, first order and exact at {@code e = 0}: {@code w~_i = a grad L_g(theta') . grad c_i(theta)}
	 * with {@code theta' = theta - a grad(L_cons + L_ema)}, the dot product as a central difference of the
	 * costs along {@code g = grad L_g(theta')}; negative weights dropped, the rest normalised to sum 1.
	 *
	 * @return the weights of the two cost maps {@code (2, B, S, S)}
	 */
	NDArray metaWeights(final TrainingStep step, final Updates updates, final LabeledBatch labeled, final NDArray unlabeled, final NDArray viewImages,
		final Views views, final NDArray teacherProbs, final NDArray initialLabels, final NDArray enhanced, final float lr)
	{
		final NDArray raw = rawMetaGradient(step, updates, labeled, unlabeled, viewImages, views, teacherProbs, initialLabels, enhanced, lr).maximum(0f);
		return raw.div(raw.sum().add(1e-10f));
	}

	/**
	 * @return {@code -dL_g/de} of every pixel of both cost maps {@code (2, B, S, S)}, before clipping and normalising (for
	 *         the check against the meta-gradient through the virtual step)
	 */
	NDArray rawMetaGradient(final TrainingStep step, final Updates updates, final LabeledBatch labeled, final NDArray unlabeled, final NDArray viewImages,
		final Views views, final NDArray teacherProbs, final NDArray initialLabels, final NDArray enhanced, final float lr)
	{
		final int b = (int) unlabeled.getShape().get(0);
		final List<NDArray> saved = snapshot(step.manager());
		final List<Parameter> trainable = student.trainableParameters();
		updates.backward(() -> {
			final NDArray[] c = consistencies(student.forward(viewImages, true, false).logits(), views, teacherProbs, b);
			return new StepLoss(c[0].add(c[1]));
		});
		final List<NDArray> virtual = gradients(trainable, step.manager());
		updates.clearGradients(0);
		for (int i = 0; i < trainable.size(); i++) trainable.get(i).getArray().subi(virtual.get(i).mul(lr));
		updates.backward(() -> new StepLoss(SegmentationLoss.crossEntropy(student.forward(labeled.images(), true, false).logits(), labeled.labels(),
			labeled.weights(), true)));
		final List<NDArray> clean = gradients(trainable, step.manager());
		updates.clearGradients(0);
		restore(saved);
		return directionalDerivative(step, clean, unlabeled, initialLabels, enhanced, lr, saved);
	}

	/** {@code a (c(theta + h g) - c(theta - h g)) / 2h}; the student is restored after. */
	private NDArray directionalDerivative(final TrainingStep step, final List<NDArray> g, final NDArray unlabeled, final NDArray initialLabels,
		final NDArray enhanced, final float lr, final List<NDArray> saved)
	{
		double squares = 0;
		for (final NDArray x : g) squares += x.square().sum().getFloat();
		final float h = (float) (settings.metaProbe / Math.max(Math.sqrt(squares), 1e-12));
		final long seed = step.random().nextLong(); // the probes' dropout, the same for both
		final NDArray plus = shiftedCosts(g, h, seed, unlabeled, initialLabels, enhanced);
		restore(saved);
		final NDArray minus = shiftedCosts(g, -h, seed, unlabeled, initialLabels, enhanced);
		restore(saved);
		return plus.sub(minus).mul(lr / (2 * h));
	}

	/** @return both cost maps {@code (2, B, S, S)} with the student moved by {@code h g}, dropout drawn from {@code seed} */
	private NDArray shiftedCosts(final List<NDArray> g, final float h, final long seed, final NDArray unlabeled, final NDArray initialLabels,
		final NDArray enhanced)
	{
		final List<Parameter> trainable = student.trainableParameters();
		for (int i = 0; i < trainable.size(); i++) trainable.get(i).getArray().addi(g.get(i).mul(h));
		Seeds.seedEngine(seed);
		final NDArray p = student.forward(unlabeled, true, false).logits();
		return NDArrays.stack(new NDList(SegmentationLoss.perPixelCrossEntropy(p, initialLabels), SegmentationLoss.perPixelCrossEntropy(p, enhanced)));
	}

	/**
	 * @return {@code L_cons} (each view's prediction against the mean of the back-projected predictions, detached
	 *         and projected into the view, where the view shows the slice) and {@code L_ema} (against the teacher)
	 */
	NDArray[] consistencies(final NDArray viewLogits, final Views views, final NDArray teacherProbs, final int b) {
		final NDArray probs = viewLogits.softmax(1);
		final NDArray mean = views.backProject(probs.stopGradient());
		final NDArray target = views.project(mean);
		final NDArray inside = views.insideMask(probs.getManager(), b, (int) probs.getShape().get(3));
		final NDArray cons = probs.sub(target).square().mul(inside).sum().div(inside.sum().mul(classes).add(1e-6f));
		final NDArray ema = probs.sub(teacherProbs).square().mean();
		return new NDArray[] { cons, ema };
	}

	/** {@code teacher <- a teacher + (1 - a) student}, {@code a = min(1 - 1 / (i + 1), emaMomentum)}, batch-norm statistics included. */
	private void emaUpdate() {
		teacher.averageWith(student, Math.min(1 - 1.0 / (emaSteps + 1), settings.emaMomentum));
		emaSteps++;
	}

	private List<NDArray> snapshot(final NDManager scope) {
		final List<NDArray> saved = new ArrayList<>();
		for (final Pair<String, Parameter> p : student.namedParameters()) {
			final NDArray copy = p.getValue().getArray().duplicate();
			copy.attach(scope);
			saved.add(copy);
		}
		return saved;
	}

	/** Puts the saved values back exactly (batch-norm statistics included, which the probing passes moved). */
	private void restore(final List<NDArray> saved) {
		final List<Pair<String, Parameter>> now = student.namedParameters();
		for (int i = 0; i < saved.size(); i++) now.get(i).getValue().getArray().muli(0f).addi(saved.get(i));
	}

	private static List<NDArray> gradients(final List<Parameter> parameters, final NDManager scope) {
		final List<NDArray> out = new ArrayList<>();
		for (final Parameter p : parameters) {
			final NDArray g = p.getArray().getGradient();
			final NDArray copy = g.duplicate();
			g.close();
			copy.attach(scope);
			out.add(copy);
		}
		return out;
	}

	@Override
	public JsonObject saveState() {
		final JsonObject state = new JsonObject();
		state.addProperty("emaSteps", emaSteps);
		return state;
	}

	@Override
	public void loadState(final JsonObject state) {
		emaSteps = state.has("emaSteps") ? state.get("emaSteps").getAsInt() : 0;
	}

	@Override
	public Map<String, byte[]> saveTensors() {
		final Map<String, byte[]> out = new LinkedHashMap<>();
		if (teacher != null) {
			out.put(TEACHER, teacher.toBytes());
			out.put(INITIAL, initial.toBytes());
		}
		return out;
	}

	@Override
	public void loadTensors(final Map<String, byte[]> tensors) throws IOException {
		if (!tensors.containsKey(TEACHER)) return;
		teacher = SegmentationNetwork.fromBytes(student.settings(), student.classes(), tensors.get(TEACHER), manager);
		initial = SegmentationNetwork.fromBytes(student.settings(), student.classes(), tensors.get(INITIAL), manager);
	}

	/** The five views of a batch and their inverses, as output-to-source matrices in pixels. */
	static final class Views {

		final float[][] forward, inverse;
		final int batch;

		private Views(final float[][] forward, final float[][] inverse, final int batch) {
			this.forward = forward;
			this.inverse = inverse;
			this.batch = batch;
		}

		/**
		 * @param margin the zoom margins {@code p} in pixels of a 144-pixel input, scaled to {@code size}
		 */
		static Views draw(final SplittableRandom random, final int batch, final int size, final int[] margin) {
			final float[][] forward = new float[VIEWS * batch][], inverse = new float[VIEWS * batch][];
			final int choices = (margin[1] - margin[0]) / 2 + 1;
			for (int v = 0; v < VIEWS; v++)
				for (int i = 0; i < batch; i++) {
					final double p = (margin[0] + 2 * random.nextInt(choices)) * size / 144.0;
					final double a, o; // source = a * output + o, on both axes (the flip only on x)
					switch (v) {
						case 1: // zoom in: resized to S + 2p, the centre S kept
							a = size / (size + 2 * p);
							o = (p + 0.5) * a - 0.5;
							break;
						case 2:
						case 3: // zoom out: resized to S - 2p, padded by p
							a = size / (size - 2 * p);
							o = (0.5 - p) * a - 0.5;
							break;
						default:
							a = 1;
							o = 0;
					}
					final int k = v * batch + i;
					if (v == 4) {
						forward[k] = new float[] { -1, 0, size - 1, 0, 1, 0 };
						inverse[k] = forward[k];
					}
					else {
						forward[k] = new float[] { (float) a, 0, (float) o, 0, (float) a, (float) o };
						inverse[k] = new float[] { (float) (1 / a), 0, (float) (-o / a), 0, (float) (1 / a), (float) (-o / a) };
					}
				}
			return new Views(forward, inverse, batch);
		}

		/** @return the views {@code (5B, C, S, S)} of a batch {@code (B, C, S, S)}, the slice itself first */
		NDArray project(final NDArray images) {
			final NDArray repeated = NDArrays.concat(new NDList(images, images, images, images, images), 0);
			return Warp.apply(repeated, forward, null, Warp.Interpolation.BILINEAR, 0f);
		}

		/** @return the mean over the views {@code (5B, C, S, S)} mapped back onto the slice, each where it saw it: {@code (B, C, S, S)} */
		NDArray backProject(final NDArray viewMaps) {
			final NDManager m = viewMaps.getManager();
			final long[] s = viewMaps.getShape().getShape();
			final NDArray back = Warp.apply(viewMaps, inverse, null, Warp.Interpolation.BILINEAR, 0f);
			final NDArray seen = Warp.apply(m.ones(new Shape(s[0], 1, s[2], s[3])), inverse, null, Warp.Interpolation.BILINEAR, 0f);
			final NDArray sum = back.reshape(VIEWS, batch, s[1], s[2], s[3]).sum(new int[] { 0 });
			final NDArray weight = seen.reshape(VIEWS, batch, 1, s[2], s[3]).sum(new int[] { 0 });
			return sum.div(weight.maximum(1e-6f));
		}

		/** @return 1 where a view shows the slice, else 0: {@code (5B, 1, S, S)} */
		NDArray insideMask(final NDManager m, final int b, final int size) {
			return Warp.apply(m.ones(new Shape(VIEWS * b, 1, size, size)), forward, null, Warp.Interpolation.NEAREST, 0f);
		}
	}
}
