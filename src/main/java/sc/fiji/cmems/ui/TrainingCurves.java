package sc.fiji.cmems.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.ValidationReport;

/**
 * The curves of a training run, filled from the training thread and read by
 * the window: one series per loss term (the unlabeled weight {@code w} is not
 * a loss and is kept apart), and the validation Dice. Thread-safe; readers get
 * copies.
 */
public final class TrainingCurves {

	/** Values of one curve at increasing iterations. */
	public static final class Series {

		private int[] iterations = new int[64];
		private float[] values = new float[64];
		private int size;

		void add(final int iteration, final float value) {
			if (size == iterations.length) {
				iterations = Arrays.copyOf(iterations, size * 2);
				values = Arrays.copyOf(values, size * 2);
			}
			iterations[size] = iteration;
			values[size++] = value;
		}

		Series copy() {
			final Series s = new Series();
			s.iterations = Arrays.copyOf(iterations, Math.max(1, size));
			s.values = Arrays.copyOf(values, Math.max(1, size));
			s.size = size;
			return s;
		}

		public int size() {
			return size;
		}

		public int iteration(final int i) {
			return iterations[i];
		}

		public float value(final int i) {
			return values[i];
		}
	}

	/** The method in training, whose descriptor tells losses from weights; null: every term is a loss. */
	private MethodDescriptor method;

	private final Map<String, Series> losses = new LinkedHashMap<>();
	private final Series validationDice = new Series();
	private int bestValidationIteration = -1;
	private double bestValidationDice = Double.NaN;
	private IterationReport last;

	/** @param method the method in training (from its {@code TrainingPlan}) */
	public synchronized void method(final MethodDescriptor method) {
		this.method = method;
	}

	public synchronized void add(final IterationReport report) {
		for (final Map.Entry<String, Float> t : report.terms().entrySet()) {
			final MethodDescriptor.Term term = method == null ? null : method.term(t.getKey());
			if (term != null && term.role == MethodDescriptor.Role.WEIGHT || !Float.isFinite(t.getValue())) continue;
			losses.computeIfAbsent(t.getKey(), k -> new Series()).add(report.iteration(), t.getValue());
		}
		last = report;
	}

	public synchronized void add(final ValidationReport report) {
		validationDice.add(report.iteration(), (float) report.meanDice());
		if (report.best()) {
			bestValidationIteration = report.iteration();
			bestValidationDice = report.meanDice();
		}
	}

	/** @return a copy of every loss term's curve, in the order the method reports them */
	public synchronized Map<String, Series> losses() {
		final Map<String, Series> out = new LinkedHashMap<>();
		for (final Map.Entry<String, Series> e : losses.entrySet()) out.put(e.getKey(), e.getValue().copy());
		return out;
	}

	public synchronized Series validationDice() {
		return validationDice.copy();
	}

	/** @return the iteration of the best validation (the model kept), or -1 */
	public synchronized int bestValidationIteration() {
		return bestValidationIteration;
	}

	public synchronized double bestValidationDice() {
		return bestValidationDice;
	}

	/** @return the latest iteration's report, or null */
	public synchronized IterationReport last() {
		return last;
	}

	/** @return the names of the loss terms seen so far */
	public synchronized List<String> lossNames() {
		return new ArrayList<>(losses.keySet());
	}
}
