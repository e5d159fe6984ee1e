package sc.fiji.cmems.engine.method;

import com.google.gson.JsonObject;

import java.util.Map;

/**
 * A way of training segmentation networks from an exemplar (and unlabeled
 * images): it decides how many networks it trains and computes the loss of one
 * iteration. The training loop does everything else (schedule, optimisers,
 * memory scopes, progress, checkpoints, validation), so a new method is one
 * new implementation of this interface with a {@link MethodDescriptor},
 * registered in {@link TrainingMethods}.
 */
public interface TrainingMethod {

	/** @return what the plugin says about this method (its name, needs, terms) */
	MethodDescriptor descriptor();

	/** @return the name used in settings, model bundles and the command line */
	default String name() {
		return descriptor().name();
	}

	/** @return the number of networks trained (and kept in the model bundle) */
	int networkCount();

	/**
	 * Computes this iteration's loss. Called with gradient recording on; every
	 * array must be created in {@code step.manager()}.
	 */
	StepLoss loss(TrainingStep step);

	/**
	 * Receives the step's statistics as numbers after the update (e.g. to
	 * update running estimates); the default ignores them.
	 */
	default void observe(final int iteration, final Map<String, float[]> statistics) {}

	/** @return state that must survive a checkpoint for an exact resume (empty by default) */
	default JsonObject saveState() {
		return new JsonObject();
	}

	/** Restores {@link #saveState()}. */
	default void loadState(final JsonObject state) {}
}
