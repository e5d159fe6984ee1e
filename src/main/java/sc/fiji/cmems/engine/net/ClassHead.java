package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3x3 convolution to class logits that computes its output channels in a
 * multiple of 16 and keeps the first {@code classes}.
 * <p>
 * Why: with PyTorch 2.7.1 on the CPU (oneDNN), the input gradient of a 3x3
 * convolution with fewer than 16 output channels is sporadically NaN (for 4
 * output channels from 16 inputs at 64x64, about one backward pass in ten),
 * while 16 or more output channels gave no NaN in thousands of passes. The
 * extra channels receive no gradient from the loss; they cost little.
 * {@code ClassHeadTest} guards this.
 */
public final class ClassHead extends AbstractBlock {

	private static final byte VERSION = 1;
	/** Output channels are computed in multiples of this. */
	public static final int CHANNEL_BLOCK = 16;

	private final int classes;
	private final Block conv;

	public ClassHead(final int classes) {
		super(VERSION);
		this.classes = classes;
		final int computed = CHANNEL_BLOCK * ((classes + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK);
		this.conv = addChildBlock("conv", Conv2d.builder().setFilters(computed).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build());
	}

	@Override
	protected NDList forwardInternal(final ParameterStore store, final NDList inputs, final boolean training,
		final PairList<String, Object> params)
	{
		return new NDList(conv.forward(store, inputs, training).singletonOrThrow().get(":, 0:" + classes));
	}

	@Override
	public Shape[] getOutputShapes(final Shape[] inputShapes) {
		final Shape in = inputShapes[0];
		return new Shape[] { new Shape(in.get(0), classes, in.get(2), in.get(3)) };
	}

	@Override
	protected void initializeChildBlocks(final NDManager manager, final DataType dataType, final Shape... inputShapes) {
		conv.initialize(manager, dataType, inputShapes);
	}
}
