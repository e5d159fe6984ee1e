package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import sc.fiji.cmems.engine.tensor.Resampling;
import sc.fiji.cmems.engine.tensor.Scope;

/**
 * The SSL4MIS 2D UNet with three auxiliary heads for multi-level feature
 * perturbation.
 * <p>
 * Encoder: five conv blocks ({@code conv3x3-BN-LeakyReLU-Dropout-conv3x3-BN-LeakyReLU}),
 * max-pooling between them. Decoder: each level reduces channels with a 1x1
 * convolution, upsamples x2 bilinearly (DJL's PyTorch engine has no transposed
 * convolution), concatenates the skip connection and applies a conv block.
 * Head: conv3x3 to the class logits ({@link ClassHead}). In training, auxiliary conv3x3 heads read
 * the decoder features at 1/8 (after dropout 0.5), 1/4 (after feature dropout)
 * and 1/2 resolution (after multiplicative noise); the main path always
 * continues on the clean features, and the auxiliary heads are never run in
 * inference.
 * <p>
 * Options of {@link NetworkSettings} that CAML's second network uses (all off by default): the decoder upsamples
 * first and then convolves (3x3-BN-LeakyReLU) instead of reducing with a 1x1 convolution first;
 * {@link CrossSampleAttention} on the 1/8-level encoder features in training; and embedding heads (projection and
 * prediction, {@code Linear-BN-ReLU-Linear}) that map pixel features of the last decoder level
 * ({@link NetworkOutput#features()}) to embeddings.
 */
public final class UNet extends AbstractBlock {

	private static final byte VERSION = 1;

	private final NetworkSettings settings;
	private final int classes;
	private final Block[] encoder = new Block[5];
	private final Block[] reduce = new Block[4];
	private final Block[] decoder = new Block[4];
	private final Block head;
	private final Block[] auxiliary = new Block[3];
	/** Cross-sample attention on the 1/8-level encoder features, or null. */
	private final CrossSampleAttention attention;
	/** The embedding heads on the last decoder features, or null. */
	private final Block projection, prediction;
	/** Whether the decoder upsamples first and then convolves (3x3-BN-LeakyReLU), else reduces (1x1) first. */
	private final boolean convolveAfterUpsampling;

	/**
	 * @param settings the architecture
	 * @param classes number of output classes, background included
	 */
	public UNet(final NetworkSettings settings, final int classes) {
		super(VERSION);
		settings.check();
		if (classes < 2) throw new IllegalArgumentException("classes must be at least 2, was " + classes);
		this.settings = settings;
		this.classes = classes;
		final int[] ch = settings.channels;
		for (int level = 0; level < 5; level++)
			encoder[level] = addChildBlock("encoder" + level, convBlock(ch[level], settings.encoderDropout[level]));
		convolveAfterUpsampling = NetworkSettings.INTERPOLATE_THEN_CONVOLVE.equals(settings.upsampling);
		for (int i = 0; i < 4; i++) {
			final int target = ch[3 - i];
			reduce[i] = addChildBlock("reduce" + i, convolveAfterUpsampling ? upsamplingBlock(target) : conv(target, 1));
			decoder[i] = addChildBlock("decoder" + i, convBlock(target, 0));
		}
		head = addChildBlock("head", new ClassHead(classes));
		for (int i = 0; i < 3; i++)
			auxiliary[i] = addChildBlock("auxiliary" + i, new ClassHead(classes));
		attention = settings.crossSampleAttention ? addChildBlock("attention",
			new CrossSampleAttention(ch[3], settings.attentionHeads, settings.attentionFeedForward, settings.attentionDropout)) : null;
		projection = settings.embeddingWidth > 0 ? addChildBlock("projection", embeddingHead(settings.embeddingWidth)) : null;
		prediction = settings.embeddingWidth > 0 ? addChildBlock("prediction", embeddingHead(settings.embeddingWidth)) : null;
	}

	/** @return the architecture */
	public NetworkSettings settings() {
		return settings;
	}

	/** @return the number of output classes */
	public int classes() {
		return classes;
	}

	/**
	 * Runs the network.
	 *
	 * @param store where parameter values are read
	 * @param input batch {@code (B, C, H, W)} of {@code NetworkSettings.inputChannels} channels, H and W divisible by 16
	 * @param training whether dropout and batch statistics are in training mode
	 * @param auxiliaryHeads whether to run the perturbed auxiliary heads (training only)
	 */
	public NetworkOutput forward(final ParameterStore store, final NDArray input, final boolean training,
		final boolean auxiliaryHeads)
	{
		return forward(store, input, training, auxiliaryHeads, false);
	}

	/**
	 * @param features whether to return the last decoder features after dropout {@code embeddingDropout} (training only)
	 * @see #forward(ParameterStore, NDArray, boolean, boolean)
	 */
	public NetworkOutput forward(final ParameterStore store, final NDArray input, final boolean training,
		final boolean auxiliaryHeads, final boolean features)
	{
		final long[] s = input.getShape().getShape();
		if (s.length != 4 || s[1] != settings.inputChannels || s[2] % 16 != 0 || s[3] % 16 != 0)
			throw new IllegalArgumentException("UNet input must be (B, " + settings.inputChannels + ", H, W) with H and W divisible by 16, was " + input.getShape());
		if (!training) return new NetworkOutput(inference(store, input), new ArrayList<>());
		return train(store, input, auxiliaryHeads, features);
	}

	/**
	 * The pass in training mode, each level in a scope of its own that keeps
	 * only the level's output (and the auxiliary logits).
	 * <p>
	 * Why: DJL frees an array only when its manager closes, so every
	 * intermediate of a pass stayed alive until the training step ended, also
	 * those the backward pass never reads (a pooled map, the upsampled map before
	 * concatenation, the concatenation itself...), and after the backward pass
	 * PyTorch could free none of what autograd had saved. Closing a handle does
	 * not free what autograd saved for the backward pass (PyTorch counts
	 * references), so the gradients are the same; the PyTorch twin's parity
	 * check and {@code UNetTest} guard that, and {@code cmems bench} measures the
	 * memory.
	 */
	private NetworkOutput train(final ParameterStore store, final NDArray input, final boolean auxiliaryHeads, final boolean features) {
		final NDArray[] skip = new NDArray[5];
		NDArray x = input;
		for (int level = 0; level < 5; level++) {
			final int l = level;
			x = scoped(x, null, (in, none) -> {
				final NDArray out = run(encoder[l], store, l == 0 ? in : Pool.maxPool2d(in, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false), true);
				return new NDList(l == 3 && attention != null ? attention.forward(store, out, true) : out);
			}).singletonOrThrow();
			skip[level] = x;
		}
		final List<NDArray> auxLogits = new ArrayList<>(3);
		for (int i = 0; i < 4; i++) {
			final int d = i;
			final boolean aux = auxiliaryHeads && i < 3;
			final NDList out = scoped(x, skip[3 - i], (in, sk) -> {
				final NDArray up = convolveAfterUpsampling ? run(reduce[d], store, Resampling.upsample2x(in), true)
					: Resampling.upsample2x(run(reduce[d], store, in, true));
				final NDArray decoded = run(decoder[d], store, NDArrays.concat(new NDList(sk, up), 1), true);
				if (!aux) return new NDList(decoded);
				final NDArray logits = run(auxiliary[d], store, perturb(d, decoded), true);
				return new NDList(decoded, Resampling.upsample(logits, 3 - d)); // levels 1/8, 1/4, 1/2
			});
			if (x != input) x.close(); // skip[4] or the previous decoder level: used
			skip[3 - i].close();
			x = out.get(0);
			if (aux) auxLogits.add(out.get(1));
		}
		final NDArray last = x;
		final NDArray logits = scoped(x, null, (in, none) -> new NDList(run(head, store, in, true))).singletonOrThrow();
		if (!features) {
			last.close();
			return new NetworkOutput(logits, auxLogits);
		}
		final NDArray embedded = settings.embeddingDropout > 0 ? FeaturePerturbation.dropout(last, (float) settings.embeddingDropout) : last;
		return new NetworkOutput(logits, auxLogits, embedded);
	}

	/**
	 * @param features pixel features {@code (N, channels[0])}, from {@link NetworkOutput#features()}
	 * @param training whether the heads' batch norm uses (and updates) the batch's statistics
	 * @return the projection head's embeddings {@code (N, embeddingWidth)}
	 */
	public NDArray project(final ParameterStore store, final NDArray features, final boolean training) {
		if (projection == null) throw new IllegalStateException("this network has no embedding heads (network.embeddingWidth is 0)");
		return run(projection, store, features, training);
	}

	/** @return the prediction head's output {@code (N, embeddingWidth)} for projected embeddings {@code (N, embeddingWidth)} */
	public NDArray predict(final ParameterStore store, final NDArray projected, final boolean training) {
		if (prediction == null) throw new IllegalStateException("this network has no embedding heads (network.embeddingWidth is 0)");
		return run(prediction, store, projected, training);
	}

	/**
	 * The pass in inference mode: the same operations as in training, minus
	 * dropout and auxiliary heads, with running batch-norm statistics, but
	 * holding only what is still needed, and without recording gradients on any
	 * thread.
	 * <p>
	 * Why: DJL frees an array only when its manager closes, so a pass whose
	 * intermediates all stayed in the caller's scope held every activation of
	 * the network at once (measured with {@code cmems bench}: 0.62 GB of native
	 * memory for two networks on 8 slices at 128x128, the PyTorch twin 0.17 GB).
	 * Here each level runs in a scope of its own that keeps only its output,
	 * inside it each layer's output is freed once the next layer has read it,
	 * and each skip connection is freed once the decoder has used it. The x2
	 * upsampling is PyTorch's interpolation kernel
	 * ({@link Resampling#upsample2xInference}), the same values as training's
	 * matrix form in less time. PyTorch's
	 * gradient mode is per thread and on by default: the engine switches it off
	 * on the thread that starts it, but inference on another thread (a Fiji
	 * command) would record the graph; it is switched off here and restored.
	 */
	private NDArray inference(final ParameterStore store, final NDArray input) {
		final boolean gradMode = JniUtils.isGradMode();
		if (gradMode) JniUtils.setGradMode(false);
		try {
			final NDArray[] skip = new NDArray[5];
			NDArray x = input;
			for (int level = 0; level < 5; level++) {
				final int l = level;
				x = scoped(x, null, (in, none) -> {
					if (l == 0) return new NDList(layerByLayer(encoder[0], store, in));
					final NDArray pooled = Pool.maxPool2d(in, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
					final NDArray out = layerByLayer(encoder[l], store, pooled);
					pooled.close();
					return new NDList(out);
				}).singletonOrThrow();
				skip[level] = x;
			}
			for (int i = 0; i < 4; i++) {
				final int d = i;
				final NDArray next = scoped(x, skip[3 - i], (in, sk) -> {
					final NDArray up;
					if (convolveAfterUpsampling) {
						final NDArray interpolated = Resampling.upsample2xInference(in);
						up = layerByLayer(reduce[d], store, interpolated);
						interpolated.close();
					}
					else {
						final NDArray reduced = run(reduce[d], store, in, false);
						up = Resampling.upsample2xInference(reduced);
						reduced.close();
					}
					final NDArray joined = NDArrays.concat(new NDList(sk, up), 1);
					up.close();
					final NDArray out = layerByLayer(decoder[d], store, joined);
					joined.close();
					return new NDList(out);
				}).singletonOrThrow();
				x.close(); // skip[4] or the previous decoder level: used
				skip[3 - i].close();
				x = next;
			}
			final NDArray logits = scoped(x, null, (in, none) -> new NDList(run(head, store, in, false))).singletonOrThrow();
			x.close();
			return logits;
		}
		finally {
			if (gradMode) JniUtils.setGradMode(true);
		}
	}

	/**
	 * Runs the layers of a conv block one after the other in inference mode,
	 * freeing each layer's output as soon as the next layer has read it (no
	 * backward pass will read it), as PyTorch frees an unreferenced tensor: a
	 * level's scope otherwise held all six or seven full-size maps of the block
	 * at once.
	 */
	private static NDArray layerByLayer(final Block block, final ParameterStore store, final NDArray input) {
		NDArray x = input;
		for (final Block layer : block.getChildren().values()) {
			final NDArray y = run(layer, store, x, false);
			if (x != input && x != y) x.close(); // dropout in inference may hand back its input
			x = y;
		}
		return x;
	}

	/** @return {@code f(a, b)} with every intermediate freed on return ({@link Scope#keepOnly}); the results go to {@code a}'s manager */
	private static NDList scoped(final NDArray a, final NDArray b, final BiFunction<NDArray, NDArray, NDList> f) {
		return Scope.keepOnly(b == null ? Arrays.asList(a) : Arrays.asList(a, b), () -> f.apply(a, b));
	}

	private NDArray perturb(final int level, final NDArray features) {
		switch (level) {
			case 0:
				return FeaturePerturbation.dropout(features, (float) settings.auxDropout);
			case 1:
				return FeaturePerturbation.featureDropout(features, (float) settings.featureDropRange[0],
					(float) settings.featureDropRange[1]);
			default:
				return FeaturePerturbation.noise(features, (float) settings.featureNoise);
		}
	}

	private static NDArray run(final Block block, final ParameterStore store, final NDArray x, final boolean training) {
		return block.forward(store, new NDList(x), training).singletonOrThrow();
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		final NetworkOutput out = forward(store, inputs.singletonOrThrow(), training, training);
		final NDList list = new NDList(out.logits());
		list.addAll(out.auxiliaryLogits());
		return list;
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape in = inputShapes[0];
		return new Shape[] { new Shape(in.get(0), classes, in.get(2), in.get(3)) };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final long b = inputShapes[0].get(0), h = inputShapes[0].get(2), w = inputShapes[0].get(3);
		final int[] ch = settings.channels;
		long in = settings.inputChannels;
		for (int level = 0; level < 5; level++) {
			encoder[level].initialize(manager, dataType, new Shape(b, in, h >> level, w >> level));
			in = ch[level];
		}
		for (int i = 0; i < 4; i++) {
			final int level = 3 - i;
			final int reduceLevel = convolveAfterUpsampling ? level : level + 1;
			reduce[i].initialize(manager, dataType, new Shape(b, ch[level + 1], h >> reduceLevel, w >> reduceLevel));
			decoder[i].initialize(manager, dataType, new Shape(b, 2L * ch[level], h >> level, w >> level));
			if (i < 3) auxiliary[i].initialize(manager, dataType, new Shape(b, ch[level], h >> level, w >> level));
		}
		head.initialize(manager, dataType, new Shape(b, ch[0], h, w));
		if (attention != null) attention.initialize(manager, dataType, new Shape(b, ch[3], h >> 3, w >> 3));
		if (projection != null) {
			projection.initialize(manager, dataType, new Shape(2, ch[0]));
			prediction.initialize(manager, dataType, new Shape(2, settings.embeddingWidth));
		}
	}

	/** CAML's second decoder's upsampling step after the x2 interpolation: conv3x3-BN-LeakyReLU. */
	private Block upsamplingBlock(final int filters) {
		return new SequentialBlock().add(conv(filters, 3)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock((float) settings.leakySlope));
	}

	/** {@code Linear-BN-ReLU-Linear}, as CAML's projection and prediction heads. */
	private static Block embeddingHead(final int width) {
		return new SequentialBlock().add(Linear.builder().setUnits(width).build()).add(BatchNorm.builder().build()).add(Activation.reluBlock())
			.add(Linear.builder().setUnits(width).build());
	}

	private Block convBlock(final int filters, final double dropout) {
		final float slope = (float) settings.leakySlope;
		final SequentialBlock block = new SequentialBlock();
		block.add(conv(filters, 3)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(slope));
		if (dropout > 0) block.add(Dropout.builder().optRate((float) dropout).build());
		block.add(conv(filters, 3)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(slope));
		return block;
	}

	private static Block conv(final int filters, final int kernel) {
		final int pad = kernel / 2;
		return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(pad, pad)).build();
	}

	@Override
	public String toString() {
		return "UNet(classes=" + classes + ", channels=" + Arrays.toString(settings.channels) + ")";
	}
}
