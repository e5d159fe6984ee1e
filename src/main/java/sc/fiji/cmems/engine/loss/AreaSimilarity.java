package sc.fiji.cmems.engine.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * Semi-CML's area-similarity contrastive (ASC) loss (METHODS.md): for B
 * slices seen by two networks, the 2B probability maps of a class are compared
 * by their Dice similarity {@code S[a,b] = (2 sum z_a z_b + e) / (sum z_a^2 +
 * sum z_b^2 + e)}; the positive of a map is the same slice seen by the other
 * network, its negatives every other map but itself; per map, the
 * cross-entropy of {@code [S_pos, S_negs]} with the positive as target
 * (temperature 1), averaged over the 2B maps, and over the foreground classes
 * for C classes. With one slice there are no negatives and the loss is 0.
 */
public final class AreaSimilarity {

	/** The smoothing of the similarity, as in the public code. */
	static final float SMOOTH = 1e-6f;

	private AreaSimilarity() {}

	/**
	 * @param a {@code (B, C, H, W)} probabilities of the first network (or of a teacher)
	 * @param b {@code (B, C, H, W)} probabilities of the second network, slice for slice
	 * @return the ASC loss, a scalar
	 */
	public static NDArray contrastive(final NDArray a, final NDArray b) {
		final long batch = a.getShape().get(0);
		final int classes = (int) a.getShape().get(1);
		if (!a.getShape().equals(b.getShape())) throw new IllegalArgumentException("ASC needs maps of one shape, got " + a.getShape() + " and " + b.getShape());
		final NDManager m = a.getManager();
		final NDArray offDiagonal = m.eye((int) (2 * batch)).neg().add(1f);
		NDArray sum = null;
		for (int c = 1; c < classes; c++) {
			final NDIndex channel = new NDIndex(":, {}", c);
			final NDArray z = NDArrays.concat(new NDList(a.get(channel), b.get(channel)), 0).reshape(2 * batch, -1);
			final NDArray squares = z.square().sum(new int[] { 1 });
			final NDArray gram = z.matMul(z.transpose());
			final NDArray similarity = AutogradSafe.mul(gram, 2f).add(SMOOTH)
				.div(squares.expandDims(1).add(squares.expandDims(0)).add(SMOOTH));
			// the positive of map i is map i + B (and of i + B, i): the similarity of a slice's two maps
			final NDArray ab = AutogradSafe.mul(a.get(channel).mul(b.get(channel)).reshape(batch, -1).sum(new int[] { 1 }), 2f).add(SMOOTH)
				.div(squares.get("0:{}", batch).add(squares.get("{}:", batch)).add(SMOOTH));
			final NDArray positive = NDArrays.concat(new NDList(ab, ab), 0);
			final NDArray logSum = similarity.exp().mul(offDiagonal).sum(new int[] { 1 }).log();
			final NDArray loss = logSum.sub(positive).mean();
			sum = sum == null ? loss : sum.add(loss);
		}
		return classes == 2 ? sum : AutogradSafe.div(sum, classes - 1);
	}
}
