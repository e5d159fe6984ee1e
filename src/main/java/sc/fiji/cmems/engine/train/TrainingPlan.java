package sc.fiji.cmems.engine.train;

/** What a starting run is about to do. */
public final class TrainingPlan {

	private final String method;
	private final String device;
	private final int startIteration;
	private final int iterations;
	private final int classes;
	private final int labeledSlices;
	private final int unlabeledSlices;
	private final int validationImages;
	private final long parameters;
	private final int networks;

	public TrainingPlan(final String method, final String device, final int startIteration, final int iterations, final int classes,
		final int labeledSlices, final int unlabeledSlices, final int validationImages, final long parameters, final int networks)
	{
		this.labeledSlices = labeledSlices;
		this.method = method;
		this.device = device;
		this.startIteration = startIteration;
		this.iterations = iterations;
		this.classes = classes;
		this.unlabeledSlices = unlabeledSlices;
		this.validationImages = validationImages;
		this.parameters = parameters;
		this.networks = networks;
	}

	public String method() {
		return method;
	}

	/** @return e.g. "CPU, PyTorch 2.7.1 (CPU build)" */
	public String device() {
		return device;
	}

	/** @return 0 for a new run, the resumed iteration otherwise */
	public int startIteration() {
		return startIteration;
	}

	public int iterations() {
		return iterations;
	}

	public int classes() {
		return classes;
	}

	/** @return the labeled slices learnt from: 1 for an exemplar, more for a labeled set */
	public int labeledSlices() {
		return labeledSlices;
	}

	public int unlabeledSlices() {
		return unlabeledSlices;
	}

	public int validationImages() {
		return validationImages;
	}

	/** @return trainable parameters per network */
	public long parameters() {
		return parameters;
	}

	public int networks() {
		return networks;
	}

	@Override
	public String toString() {
		return "method " + method + ", " + networks + " network(s) of " + parameters + " parameters, " + classes + " classes, " + labeledSlices
			+ (labeledSlices == 1 ? " labeled slice, " : " labeled slices, ") + unlabeledSlices + " unlabeled slices, " + validationImages + " validation images, iterations " + startIteration + ".." + iterations
			+ ", device " + device;
	}
}
