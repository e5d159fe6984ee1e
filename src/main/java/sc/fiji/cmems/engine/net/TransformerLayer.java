package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * PyTorch's {@code nn.TransformerEncoderLayer(d, heads, feedForward, dropout)} with its defaults (post-norm, ReLU,
 * layer-norm epsilon 1e-5), on batch-first input {@code (N, S, d)}: self-attention over the S positions of each of the N
 * sequences, then the feed-forward network, each followed by dropout, a residual sum and a layer norm. The parameters
 * have PyTorch's shapes ({@code in_proj_weight (3d, d)}, ...), so weights carry over one to one
 * ({@code TransformerLayerTest} checks the outputs against PyTorch's layer).
 */
public final class TransformerLayer extends AbstractBlock {

	private static final byte VERSION = 1;
	private static final float LAYER_NORM_EPSILON = 1e-5f;

	private final int width, heads, feedForward;
	private final float dropout;
	private final Parameter inProjection, inBias, outProjection, outBias, linear1, bias1, linear2, bias2, norm1, shift1, norm2, shift2;

	/**
	 * @param width the model width d (divisible by {@code heads})
	 * @param dropout on the attention weights, after each sub-layer and inside the feed-forward network (training only)
	 */
	public TransformerLayer(final int width, final int heads, final int feedForward, final double dropout) {
		super(VERSION);
		if (width % heads != 0) throw new IllegalArgumentException("the width " + width + " must be divisible by the heads " + heads);
		this.width = width;
		this.heads = heads;
		this.feedForward = feedForward;
		this.dropout = (float) dropout;
		inProjection = weight("in_proj_weight", new Shape(3L * width, width));
		inBias = bias("in_proj_bias", new Shape(3L * width));
		outProjection = weight("out_proj_weight", new Shape(width, width));
		outBias = bias("out_proj_bias", new Shape(width));
		linear1 = weight("linear1_weight", new Shape(feedForward, width));
		bias1 = bias("linear1_bias", new Shape(feedForward));
		linear2 = weight("linear2_weight", new Shape(width, feedForward));
		bias2 = bias("linear2_bias", new Shape(width));
		norm1 = addParameter(Parameter.builder().setName("norm1_weight").setType(Parameter.Type.GAMMA).optShape(new Shape(width)).build());
		shift1 = addParameter(Parameter.builder().setName("norm1_bias").setType(Parameter.Type.BETA).optShape(new Shape(width)).build());
		norm2 = addParameter(Parameter.builder().setName("norm2_weight").setType(Parameter.Type.GAMMA).optShape(new Shape(width)).build());
		shift2 = addParameter(Parameter.builder().setName("norm2_bias").setType(Parameter.Type.BETA).optShape(new Shape(width)).build());
	}

	private Parameter weight(final String name, final Shape shape) {
		return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build());
	}

	private Parameter bias(final String name, final Shape shape) {
		return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(shape).build());
	}

	/** @return the layer's output {@code (N, S, d)} for input {@code (N, S, d)} */
	public NDArray forward(final ParameterStore store, final NDArray x, final boolean training) {
		final long n = x.getShape().get(0), s = x.getShape().get(1);
		final long headWidth = width / heads;
		final NDArray qkv = Linear.linear(x, value(store, inProjection, x, training), value(store, inBias, x, training)).singletonOrThrow();
		// (N, S, 3, heads, dh) -> three (N * heads, S, dh)
		final NDArray split = qkv.reshape(n, s, 3, heads, headWidth).transpose(2, 0, 3, 1, 4).reshape(3, n * heads, s, headWidth);
		final NDArray q = AutogradSafe.mul(split.get(0), (float) (1 / Math.sqrt(headWidth))), k = split.get(1), v = split.get(2);
		NDArray attention = q.batchMatMul(k.transpose(0, 2, 1)).softmax(2);
		attention = drop(attention, training);
		final NDArray mixed = attention.batchMatMul(v).reshape(n, heads, s, headWidth).transpose(0, 2, 1, 3).reshape(n, s, width);
		final NDArray attended = Linear.linear(mixed, value(store, outProjection, x, training), value(store, outBias, x, training)).singletonOrThrow();
		final NDArray h = norm(x.add(drop(attended, training)), store, norm1, shift1, training);
		NDArray f = Linear.linear(h, value(store, linear1, x, training), value(store, bias1, x, training)).singletonOrThrow();
		f = Activation.relu(f);
		f = Linear.linear(drop(f, training), value(store, linear2, x, training), value(store, bias2, x, training)).singletonOrThrow();
		return norm(h.add(drop(f, training)), store, norm2, shift2, training);
	}

	private NDArray norm(final NDArray x, final ParameterStore store, final Parameter gamma, final Parameter beta, final boolean training) {
		return LayerNorm.layerNorm(x, new Shape(width), value(store, gamma, x, training), value(store, beta, x, training), LAYER_NORM_EPSILON).singletonOrThrow();
	}

	private NDArray drop(final NDArray x, final boolean training) {
		return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
	}

	private static NDArray value(final ParameterStore store, final Parameter p, final NDArray on, final boolean training) {
		return store.getValue(p, on.getDevice(), training);
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
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {}

	@Override
	public String toString() {
		return "TransformerLayer(width=" + width + ", heads=" + heads + ", feedForward=" + feedForward + ")";
	}
}
