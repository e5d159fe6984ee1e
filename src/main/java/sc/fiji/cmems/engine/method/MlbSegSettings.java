package sc.fiji.cmems.engine.method;

/**
 * The settings of MLB-Seg (METHODS.md), named {@code mlbseg.<field>}. It
 * trains with the run's optimiser and schedule (SGD with momentum, poly
 * decay); the original's {@code lr x 20 / (epoch + 20)} is not used.
 */
public final class MlbSegSettings implements MethodSettings {

	/** Stage 0, supervised training on the labeled slices only, as a fraction of the run; its network makes the initial labels. */
	public double initialStage = 0.3;
	/** Meta-learned per-pixel weights of the two costs (false: the ablation without them, uniform weights). */
	public boolean metaWeights = true;
	/** Pseudo-label enhancement from five views (false: the ablation without PLE, the teacher's prediction on the slice alone). */
	public boolean ple = true;
	/** The views' zoom margins {@code p}, in pixels of a 144-pixel input (scaled to the network size), drawn from min, min + 2, ..., max. */
	public int[] viewMargin = { 4, 30 };
	/** Noise added to the teacher's views: {@code N(0, 1) * teacherNoise}. */
	public double teacherNoise = 0.02;
	/** The gradient-norm limit of both updates. */
	public double clipNorm = 0.2;
	/** The highest momentum of the EMA teacher: {@code min(1 - 1 / (i + 1), emaMomentum)}. */
	public double emaMomentum = 0.99;
	/** The norm of the parameter step of the finite difference that measures the meta-gradient (1e-2 was 12 % off the true meta-gradient, 1e-3 within 5 %: MlbSegMethodTest). */
	public double metaProbe = 1e-3;

	@Override
	public void check() {
		if (!(initialStage >= 0 && initialStage < 1)) throw new IllegalArgumentException("mlbseg.initialStage must be in [0, 1), was " + initialStage);
		if (viewMargin == null || viewMargin.length != 2 || viewMargin[0] < 1 || viewMargin[1] < viewMargin[0])
			throw new IllegalArgumentException("mlbseg.viewMargin must be two increasing values >= 1, was " + java.util.Arrays.toString(viewMargin));
		if (!(teacherNoise >= 0)) throw new IllegalArgumentException("mlbseg.teacherNoise must be >= 0, was " + teacherNoise);
		if (!(clipNorm > 0)) throw new IllegalArgumentException("mlbseg.clipNorm must be > 0, was " + clipNorm);
		if (!(emaMomentum >= 0 && emaMomentum < 1)) throw new IllegalArgumentException("mlbseg.emaMomentum must be in [0, 1), was " + emaMomentum);
		if (!(metaProbe > 0)) throw new IllegalArgumentException("mlbseg.metaProbe must be > 0, was " + metaProbe);
	}
}
