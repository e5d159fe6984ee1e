package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * CAML's cross-sample mutual attention (Gao et al., MICCAI 2023; METHODS.md) on feature maps {@code (B, C, H, W)}: a
 * {@link TransformerLayer} over the H x W positions of each sample (intra-sample), then one over the B samples of the
 * batch at each position (inter-sample), so that labeled and unlabeled samples of a batch attend to each other. In
 * training only: in inference the features pass unchanged, as in the original.
 */
public final class CrossSampleAttention extends AbstractBlock {

	private static final byte VERSION = 1;

	private final TransformerLayer intra, inter;

	public CrossSampleAttention(final int channels, final int heads, final int feedForward, final double dropout) {
		super(VERSION);
		intra = addChildBlock("intra", new TransformerLayer(channels, heads, feedForward, dropout));
		inter = addChildBlock("inter", new TransformerLayer(channels, heads, feedForward, dropout));
	}

	/** @return the attended features in training, {@code features} itself otherwise */
	public NDArray forward(final ParameterStore store, final NDArray features, final boolean training) {
		if (!training) return features;
		final long[] s = features.getShape().getShape();
		final long b = s[0], c = s[1], positions = s[2] * s[3];
		final NDArray sequences = features.reshape(b, c, positions).transpose(0, 2, 1); // (B, HW, C): one sequence per sample
		final NDArray withinSamples = intra.forward(store, sequences, true);
		final NDArray acrossSamples = inter.forward(store, withinSamples.transpose(1, 0, 2), true); // (HW, B, C): one per position
		return acrossSamples.transpose(1, 2, 0).reshape(b, c, s[2], s[3]);
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training, final PairList<String, Object> params) {
		return new NDList(forward(store, inputs.singletonOrThrow(), training));
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		return new Shape[] { inputShapes[0] };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		final Shape in = inputShapes[0];
		final Shape sequence = new Shape(in.get(0), in.get(2) * in.get(3), in.get(1));
		intra.initialize(manager, dataType, sequence);
		inter.initialize(manager, dataType, sequence);
	}
}
