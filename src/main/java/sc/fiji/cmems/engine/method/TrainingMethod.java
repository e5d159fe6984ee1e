package sc.fiji.cmems.engine.method;

import ai.djl.ndarray.NDManager;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.optim.OptimiserSpec;

/**
 * A way of training segmentation networks from labeled (and unlabeled)
 * images. The method owns what differs between methods: how many networks it
 * trains and of which architecture ({@link #network}), their optimisers
 * ({@link #optimiser}), the update of one iteration ({@link #update}: one or
 * several optimiser steps, clipping, EMA updates, a meta step), what it does
 * after a validation ({@link #validated}), its state ({@link #saveState},
 * {@link #saveTensors}: saved in every checkpoint and restored exactly) and
 * its inference recipe ({@link #inferenceNetworks}, stored in the model
 * bundle), and its learning-rate schedule if the run's does not fit
 * ({@link #learningRate}). The training loop does the rest: memory scopes, seeds, progress, validation, checkpoints, the kept model.
 * <p>
 * A new method is one implementation of this interface with a
 * {@link MethodDescriptor}, registered in {@link TrainingMethods}
 * (ARCHITECTURE.md, "Adding a method"). A method whose update is one loss
 * and one step of every network implements only {@link #descriptor},
 * {@link #networkCount} and {@link #loss}.
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
	 * @param run the architecture of the run's settings
	 * @return the architecture of network {@code k} (the run's by default; written per network into the bundle when they differ)
	 */
	default NetworkSettings network(final int k, final NetworkSettings run) {
		return run;
	}

	/**
	 * @param channels the channels of the images (modalities)
	 * @return the 0-based channels network {@code k} reads (one network per modality), or null when it reads all of
	 *         them (the default); its architecture then reads as many, and the bundle records which
	 */
	default int[] inputChannels(final int k, final int channels) {
		return null;
	}

	/**
	 * @param run the optimiser of the run's settings (SGD with the run's momentum and weight decay)
	 * @return the optimiser of network {@code k}
	 */
	default OptimiserSpec optimiser(final int k, final OptimiserSpec run) {
		return run;
	}

	/**
	 * @param scheduled the run's learning rate at this iteration (its poly decay from {@code learningRate})
	 * @return the learning rate this method uses at 0-based {@code iteration} of {@code iterations}: reported
	 *         with the progress and given to its update as {@link Updates#learningRate()}
	 */
	default float learningRate(final int iteration, final int iterations, final float scheduled) {
		return scheduled;
	}

	/**
	 * Called once before the first iteration (and before a resume's
	 * {@link #loadTensors}), with the networks built and the run's manager, for
	 * a method that keeps tensors of its own (an EMA teacher, a memory bank):
	 * they belong in a child of {@code manager}.
	 */
	default void start(final List<SegmentationNetwork> networks, final NDManager manager) {}

	/**
	 * Computes this iteration's loss. Called with gradient recording on; every
	 * array must be created in {@code step.manager()}. Used by the default
	 * {@link #update}; a method that overrides that may leave it unused.
	 */
	StepLoss loss(TrainingStep step);

	/**
	 * One iteration's update. The default: the {@link #loss}, one backward
	 * pass, and one step of every network's optimiser at the scheduled
	 * learning rate. A method may instead back-propagate several losses, clip
	 * gradients, step some optimisers, step them more than once, or update
	 * tensors of its own (under {@code step.manager()} or its own manager).
	 *
	 * @return what the step reports: the total (not finite stops the run) and the terms and statistics
	 */
	default StepLoss update(final TrainingStep step, final Updates updates) {
		final StepLoss loss = updates.backward(() -> loss(step));
		updates.step(loss, updates.learningRate());
		return loss;
	}

	/**
	 * Receives the step's statistics as numbers after the update (e.g. to
	 * update running estimates); the default ignores them.
	 */
	default void observe(final int iteration, final Map<String, float[]> statistics) {}

	/**
	 * Called after each validation during training (e.g. to update a
	 * best-model average from the networks).
	 *
	 * @param iteration iterations done
	 * @param iterations the run's length
	 * @param meanDice the validation's mean foreground Dice of the inference recipe's networks
	 */
	default void validated(final int iteration, final int iterations, final double meanDice) {}

	/** @return numbers that must survive a checkpoint for an exact resume (empty by default) */
	default JsonObject saveState() {
		return new JsonObject();
	}

	/** Restores {@link #saveState()}. */
	default void loadState(final JsonObject state) {}

	/**
	 * @return tensors that must survive a checkpoint, by name (letters, digits, '-', '_', '.'),
	 *         each as {@code NDArray.encode()} or any bytes the method reads back in {@link #loadTensors}
	 */
	default Map<String, byte[]> saveTensors() {
		return Collections.emptyMap();
	}

	/** Restores {@link #saveTensors()} (after {@link #start}). */
	default void loadTensors(final Map<String, byte[]> tensors) throws IOException {}

	/**
	 * @return the 0-based networks whose softmax mean segments an image (stored in the model bundle); all of them by default.
	 *         Validation during training uses the same recipe.
	 */
	default List<Integer> inferenceNetworks() {
		return null;
	}
}
