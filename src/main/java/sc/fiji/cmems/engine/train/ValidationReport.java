package sc.fiji.cmems.engine.train;

/** Mean foreground Dice of the networks on the validation set after some iterations. */
public final class ValidationReport {

	private final int iteration;
	private final double meanDice;
	private final double[] classDice;
	private final boolean best;

	public ValidationReport(final int iteration, final double meanDice, final double[] classDice, final boolean best) {
		this.iteration = iteration;
		this.meanDice = meanDice;
		this.classDice = classDice.clone();
		this.best = best;
	}

	/** @return iterations done when validated */
	public int iteration() {
		return iteration;
	}

	/** @return Dice averaged over foreground classes and validation images */
	public double meanDice() {
		return meanDice;
	}

	/** @return per class (index 0 = class 1) Dice averaged over validation images */
	public double[] classDice() {
		return classDice.clone();
	}

	/** @return whether this is the best validation so far (the model kept) */
	public boolean best() {
		return best;
	}
}
