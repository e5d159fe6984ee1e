package sc.fiji.cmems.engine.infer;

/** Which networks of a model predict: the model's own recipe, or one network. */
public enum Ensemble {
	/** The model's inference recipe: the mean softmax of the networks its method chose, all of them unless it chose otherwise (default). */
	MEAN,
	/** The first network only. */
	NETWORK_1,
	/** The second network only. */
	NETWORK_2;

	/** @return the choice for "ensemble"/"mean", "model1"/"network1", "model2"/"network2" */
	public static Ensemble parse(final String name) {
		final String n = name == null ? "" : name.trim().toLowerCase().replace("_", "").replace("-", "");
		switch (n) {
			case "ensemble":
			case "mean":
			case "both":
				return MEAN;
			case "model1":
			case "network1":
				return NETWORK_1;
			case "model2":
			case "network2":
				return NETWORK_2;
			default:
				throw new IllegalArgumentException("ensemble must be ensemble, model1 or model2, was '" + name + "'");
		}
	}
}
