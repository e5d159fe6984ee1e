package sc.fiji.cmems.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import sc.fiji.cmems.engine.batch.BatchSource;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;
import sc.fiji.cmems.engine.method.StepLoss;
import sc.fiji.cmems.engine.method.TrainingMethod;
import sc.fiji.cmems.engine.method.TrainingStep;
import sc.fiji.cmems.engine.method.Updates;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.optim.Optimiser;

/**
 * The mechanics of one training step, shared by the training loop
 * ({@link Trainer}) and the speed bench: a memory scope for the step, the
 * tensor engine and a Java generator seeded from (seed, iteration), the
 * method's update ({@link TrainingMethod#update}: by default its loss under
 * one gradient collector, the backward pass and one update of every
 * optimiser), each optimiser step only when the loss and every gradient are
 * finite (otherwise the gradients are dropped), the loss's scalars read back
 * at once; then the method observes the step's statistics.
 */
public final class StepRunner {

	/** What one step gave. */
	public static final class Result {

		/** The total loss; not finite means nothing was updated and nothing observed. */
		public final float total;
		public final Map<String, Float> terms;
		public final Map<String, float[]> statistics;
		/** Whether no optimiser step was dropped (the loss and every gradient finite at each step). */
		public final boolean updated;

		Result(final float total, final Map<String, Float> terms, final Map<String, float[]> statistics, final boolean updated) {
			this.total = total;
			this.terms = Collections.unmodifiableMap(terms);
			this.statistics = Collections.unmodifiableMap(statistics);
			this.updated = updated;
		}
	}

	private final TrainingMethod method;
	private final List<SegmentationNetwork> networks;
	private final List<Optimiser> optimisers;
	private final BatchSource batches;
	private final NDManager root;
	private final long seed;
	private final int iterations;

	/**
	 * @param root the manager each step's scope is opened under
	 * @param seed the run's seed; each iteration's random draws derive from it
	 * @param iterations the run's length, which a method's schedule may use
	 */
	public StepRunner(final TrainingMethod method, final List<SegmentationNetwork> networks, final List<Optimiser> optimisers, final BatchSource batches,
		final NDManager root, final long seed, final int iterations)
	{
		this.method = method;
		this.networks = networks;
		this.optimisers = optimisers;
		this.batches = batches;
		this.root = root;
		this.seed = seed;
		this.iterations = iterations;
	}

	/** Runs iteration {@code iteration} (0-based) with this learning rate: the method's {@link TrainingMethod#update}. */
	public Result step(final int iteration, final float learningRate) {
		final Map<String, Float> terms = new LinkedHashMap<>();
		final Map<String, float[]> statistics = new LinkedHashMap<>();
		final float total;
		final StepUpdates updates;
		try (NDManager scope = root.newSubManager()) {
			final TrainingStep step = prepare(scope, iteration);
			updates = new StepUpdates(learningRate);
			final StepLoss loss = method.update(step, updates);
			final NDList scalars = new NDList(loss.total().reshape(1));
			for (final NDArray t : loss.terms().values()) scalars.add(t.reshape(1));
			final float[] values = NDArrays.concat(scalars).toFloatArray();
			total = values[0];
			int i = 1;
			for (final String name : loss.terms().keySet()) terms.put(name, values[i++]);
			for (final Map.Entry<String, NDArray> s : loss.statistics().entrySet()) statistics.put(s.getKey(), s.getValue().toFloatArray());
			if (!Float.isFinite(total)) {
				for (final Optimiser o : optimisers) o.clearGradients();
				return new Result(total, terms, statistics, false);
			}
		}
		method.observe(iteration, statistics);
		return new Result(total, terms, statistics, updates.dropped == 0);
	}

	/**
	 * Seeds the tensor engine and the iteration's generator, asks the method for
	 * its loss under one gradient collector and runs the backward pass; the
	 * arrays live in {@code scope}. (The default update without its step, for
	 * checks of the gradients.)
	 */
	public StepLoss lossAndBackward(final NDManager scope, final int iteration) {
		final TrainingStep step = prepare(scope, iteration);
		return new StepUpdates(0f).backward(() -> method.loss(step));
	}

	/** Seeds the tensor engine and the iteration's generator from (seed, iteration). */
	private TrainingStep prepare(final NDManager scope, final int iteration) {
		Seeds.seedEngine(Seeds.derive(seed, 0x57E9, iteration));
		final SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 0xDA7A, iteration));
		return new TrainingStep(iteration, iterations, scope, random, networks, batches);
	}

	/** The updates of one step, counting the optimiser steps dropped. */
	private final class StepUpdates implements Updates {

		private final float learningRate;
		int dropped = 0;

		StepUpdates(final float learningRate) {
			this.learningRate = learningRate;
		}

		@Override
		public float learningRate() {
			return learningRate;
		}

		@Override
		public StepLoss backward(final Supplier<StepLoss> loss) {
			try (GradientCollector collector = Djl.engine().newGradientCollector()) {
				final StepLoss l = loss.get();
				collector.backward(l.total());
				return l;
			}
		}

		@Override
		public float clipGradientNorm(final int network, final float maxNorm) {
			return optimisers.get(network).clipGradientNorm(maxNorm);
		}

		@Override
		public void clearGradients(final int... which) {
			if (which.length == 0) for (final Optimiser o : optimisers) o.clearGradients();
			else for (final int k : which) optimisers.get(k).clearGradients();
		}

		@Override
		public boolean step(final StepLoss loss, final float rate, final int... which) {
			final List<Optimiser> chosen = new ArrayList<>();
			if (which.length == 0) chosen.addAll(optimisers);
			else for (final int k : which) chosen.add(optimisers.get(k));
			boolean finite = Float.isFinite(loss.total().getFloat());
			if (finite) for (final Optimiser o : chosen) finite &= o.gradientsFinite();
			for (final Optimiser o : chosen) {
				if (finite) o.step(rate);
				else o.clearGradients();
			}
			if (!finite) dropped++;
			return finite;
		}
	}
}
