package sc.fiji.cmems.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.border.Border;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingPlan;
import sc.fiji.cmems.engine.train.ValidationReport;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * The content of the training window: what is being trained, live curves of
 * every loss term and of the validation Dice, progress with the time left,
 * the share of confident pseudo-labels per class, and a Stop button that ends
 * training and keeps the best model so far. Listens to the trainer on its
 * thread and updates itself on the event dispatch thread, at most a few times
 * a second. Needs no display until it is shown, so it can be tested headless.
 */
public final class TrainingPanel extends JPanel implements TrainingListener {

	private static final long serialVersionUID = 1L;

	static final Color BACKGROUND = new Color(0xF3F5F8);
	static final Color CARD_BORDER = new Color(0xD9DEE4);
	static final Color SUPERVISED = new Color(0x2F6FDE);
	static final Color IMAGE = new Color(0xE8772E);
	static final Color FEATURE = new Color(0x2E9E5B);
	static final Color OTHER = new Color(0x8E5CC7);
	/** Consistency terms, one colour each in the order the method lists them. */
	static final Color[] CONSISTENCY = { new Color(0x1A9BA8), new Color(0xA0522D), new Color(0x7A8B1F) };
	static final Color DICE = new Color(0xC7384E);

	private final TrainingCurves curves = new TrainingCurves();
	/** The method in training, once started. */
	private volatile MethodDescriptor method;
	private final List<String> classNames;
	private final AtomicBoolean stopRequested = new AtomicBoolean();
	private final AtomicBoolean refreshPending = new AtomicBoolean();
	private volatile boolean running = true;
	private volatile TrainingPlan plan;
	private volatile String notice;
	private volatile Runnable closeAction = () -> {};

	private final JLabel titleLabel = new JLabel();
	private final JLabel planLabel = new JLabel("Preparing the images ...");
	private final CurveChart lossChart = new CurveChart("Loss terms", null);
	private final CurveChart diceChart = new CurveChart("Validation Dice", 1.0);
	private final ProgressStrip progress = new ProgressStrip();
	private final JLabel timeLabel = new JLabel(" ");
	private final JLabel detailLabel = new JLabel(" ");
	private final JLabel noticeLabel = new JLabel(" ");
	private final JButton stopButton = new JButton("Stop and keep best model");

	/**
	 * @param title what is trained, e.g. the model file name
	 * @param classNames class names, background first, or null
	 */
	public TrainingPanel(final String title, final List<String> classNames) {
		super(new BorderLayout(0, 10));
		this.classNames = classNames;
		setBackground(BACKGROUND);
		setBorder(BorderFactory.createEmptyBorder(14, 16, 14, 16));

		final Font base = titleLabel.getFont();
		titleLabel.setText("Training " + title);
		titleLabel.setFont(base.deriveFont(Font.BOLD, 17f));
		titleLabel.setForeground(CurveChart.TITLE);
		planLabel.setForeground(CurveChart.AXIS_TEXT);
		planLabel.setFont(base.deriveFont(Font.PLAIN, 12f));
		final JPanel header = transparent(new BorderLayout(0, 3));
		header.add(titleLabel, BorderLayout.NORTH);
		header.add(planLabel, BorderLayout.SOUTH);
		add(header, BorderLayout.NORTH);

		lossChart.setEmptyText("the curves appear after the first iteration");
		diceChart.setEmptyText("waiting for the first validation");
		diceChart.setSmoothing(0);
		final JPanel charts = transparent(new GridBagLayout());
		final GridBagConstraints c = new GridBagConstraints();
		c.fill = GridBagConstraints.BOTH;
		c.weighty = 1;
		c.weightx = 0.62;
		c.insets = new Insets(0, 0, 0, 10);
		charts.add(card(lossChart), c);
		c.weightx = 0.38;
		c.insets = new Insets(0, 0, 0, 0);
		charts.add(card(diceChart), c);
		add(charts, BorderLayout.CENTER);

		progress.set(0, 1, "preparing the images");
		timeLabel.setFont(base.deriveFont(Font.BOLD, 13f));
		timeLabel.setForeground(CurveChart.TITLE);
		detailLabel.setForeground(CurveChart.AXIS_TEXT);
		detailLabel.setFont(base.deriveFont(Font.PLAIN, 12f));
		noticeLabel.setForeground(new Color(0x9A5B00));
		noticeLabel.setFont(base.deriveFont(Font.PLAIN, 12f));
		stopButton.setToolTipText("Stops after the current iteration and writes the best model so far (by validation Dice, else the latest)");
		stopButton.addActionListener(e -> {
			if (running) requestStop();
			else closeAction.run();
		});

		final JPanel south = transparent(new BorderLayout(12, 6));
		south.add(progress, BorderLayout.NORTH);
		final JPanel text = transparent(new GridBagLayout());
		final GridBagConstraints t = new GridBagConstraints();
		t.gridx = 0;
		t.anchor = GridBagConstraints.WEST;
		t.weightx = 1;
		text.add(timeLabel, t);
		text.add(detailLabel, t);
		text.add(noticeLabel, t);
		south.add(text, BorderLayout.CENTER);
		final JPanel buttons = transparent(new GridBagLayout());
		buttons.add(stopButton);
		south.add(buttons, BorderLayout.EAST);
		add(south, BorderLayout.SOUTH);
		setPreferredSize(new Dimension(900, 520));
	}

	/** @return whether the user asked to stop */
	public boolean stopRequested() {
		return stopRequested.get();
	}

	/** Asks training to stop (as the Stop button does). */
	public void requestStop() {
		if (!stopRequested.compareAndSet(false, true)) return;
		onEdt(() -> {
			stopButton.setEnabled(false);
			stopButton.setText("Stopping ...");
			noticeLabel.setText("Stopping after the current iteration; the best model so far is kept.");
		});
	}

	/** @param action run when the button is pressed after training ended (e.g. close the window) */
	public void setCloseAction(final Runnable action) {
		this.closeAction = action == null ? () -> {} : action;
	}

	/** @return whether training still runs (no {@link #finished} yet) */
	public boolean isRunning() {
		return running;
	}

	/** Training ended: shows the outcome and turns Stop into Close. */
	public void finished(final String summary, final boolean success) {
		running = false;
		onEdt(() -> {
			refresh();
			noticeLabel.setForeground(success ? new Color(0x1E7B43) : new Color(0xB3261E));
			noticeLabel.setText(html(summary));
			noticeLabel.setToolTipText(summary);
			progress.setDone(success);
			stopButton.setText("Close");
			stopButton.setEnabled(true);
		});
	}

	/** @return text as HTML with its lines kept */
	static String html(final String text) {
		final String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
		return "<html>" + escaped + "</html>";
	}

	/** @return the data behind the curves */
	public TrainingCurves curves() {
		return curves;
	}

	CurveChart lossChart() {
		return lossChart;
	}

	CurveChart diceChart() {
		return diceChart;
	}

	JButton stopButton() {
		return stopButton;
	}

	JLabel timeLabel() {
		return timeLabel;
	}

	ProgressStrip progress() {
		return progress;
	}

	JLabel detailLabel() {
		return detailLabel;
	}

	@Override
	public void started(final TrainingPlan p) {
		plan = p;
		method = TrainingMethods.get(p.method());
		curves.method(method);
		scheduleRefresh();
	}

	@Override
	public void iterationDone(final IterationReport report) {
		curves.add(report);
		scheduleRefresh();
	}

	@Override
	public void validated(final ValidationReport report) {
		curves.add(report);
		scheduleRefresh();
	}

	@Override
	public void message(final String text) {
		notice = text;
		scheduleRefresh();
	}

	/** Brings every label and chart up to date; call on the event dispatch thread (or before the panel is shown). */
	public void refresh() {
		final TrainingPlan p = plan;
		final IterationReport last = curves.last();
		final int total = last != null ? last.iterations() : p != null ? p.iterations() : 100;
		if (p != null) {
			planLabel.setText(String.format(Locale.ROOT, "%s  \u00b7  %d network%s of %,d parameters  \u00b7  %d classes  \u00b7  %d labeled slice%s  \u00b7  %d unlabeled slices  \u00b7  %d validation images  \u00b7  %s",
				p.method(), p.networks(), p.networks() == 1 ? "" : "s", p.parameters(), p.classes(), p.labeledSlices(), p.labeledSlices() == 1 ? "" : "s", p.unlabeledSlices(),
				p.validationImages(), p.device()));
			if (p.validationImages() == 0) diceChart.setEmptyText("no validation images given");
		}
		final List<CurveChart.Curve> lossCurves = new ArrayList<>();
		for (final Map.Entry<String, TrainingCurves.Series> e : curves.losses().entrySet()) lossCurves.add(curve(method, e.getKey(), e.getValue()));
		lossChart.setCurves(lossCurves, total);
		final TrainingCurves.Series dice = curves.validationDice();
		final List<CurveChart.Curve> diceCurves = new ArrayList<>();
		if (dice.size() > 0) diceCurves.add(new CurveChart.Curve("mean foreground Dice", DICE, false, true, iterations(dice), values(dice)));
		diceChart.setCurves(diceCurves, total);
		if (curves.bestValidationIteration() > 0) {
			diceChart.setNote(String.format(Locale.ROOT, "best %.3f at %d (kept)", curves.bestValidationDice(), curves.bestValidationIteration()));
			diceChart.setMarker(curves.bestValidationIteration());
		}
		if (last != null) {
			progress.set(last.iteration(), last.iterations(),
				String.format(Locale.ROOT, "%,d / %,d iterations (%d%%)", last.iteration(), last.iterations(), 100L * last.iteration() / last.iterations()));
			timeLabel.setText(running ? ProgressPrinter.timeLeft(last.remainingSeconds()) + "  \u00b7  " + ProgressPrinter.duration(last.elapsedSeconds()) + " so far"
				: "took " + ProgressPrinter.duration(last.elapsedSeconds()));
			detailLabel.setText(details(last));
		}
		if (notice != null && running && !stopRequested.get()) noticeLabel.setText(notice);
	}

	private String details(final IterationReport r) {
		final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f  \u00b7  learning rate %.4f", r.loss(), r.learningRate()));
		final MethodDescriptor m = method;
		if (m != null) for (final Map.Entry<String, Float> t : r.terms().entrySet()) {
			final MethodDescriptor.Term term = m.term(t.getKey());
			if (term != null && term.role == MethodDescriptor.Role.WEIGHT) sb.append(String.format(Locale.ROOT, "  \u00b7  %s %.2f", term.label, t.getValue()));
		}
		final float[] pl = m == null || m.progress() == null ? null : m.progress().ofFirstNetwork(r.statistics());
		if (pl != null && pl.length > 1) {
			sb.append("  \u00b7  ").append(m.progress().label);
			for (int c = 1; c < pl.length; c++)
				sb.append(c == 1 ? " " : ", ").append(className(c)).append(String.format(Locale.ROOT, " %.0f%%", 100 * pl[c]));
		}
		return sb.toString();
	}

	private String className(final int c) {
		return classNames != null && c < classNames.size() ? classNames.get(c) : "class " + c;
	}

	/** A term's curve: the colour of its role in the method's descriptor (supervised, image or feature perturbation, consistency), dashed for network 2. */
	static CurveChart.Curve curve(final MethodDescriptor method, final String reported, final TrainingCurves.Series s) {
		final String key = reported.replaceAll("[0-9]+$", "");
		final String network = reported.substring(key.length());
		final MethodDescriptor.Term term = method == null ? null : method.term(reported);
		final String label = term == null ? key : term.label;
		final Color color;
		switch (term == null ? MethodDescriptor.Role.PART : term.role) {
			case SUPERVISED:
				color = SUPERVISED;
				break;
			case IMAGE_PERTURBATION:
				color = IMAGE;
				break;
			case FEATURE_PERTURBATION:
				color = FEATURE;
				break;
			case CONSISTENCY:
				color = CONSISTENCY[consistencyIndex(method, term) % CONSISTENCY.length];
				break;
			default:
				color = OTHER;
		}
		return new CurveChart.Curve(network.isEmpty() ? label : label + " \u00b7 net " + network, color, network.equals("2"), false, iterations(s), values(s));
	}

	/** @return the term's place among the method's consistency terms */
	private static int consistencyIndex(final MethodDescriptor method, final MethodDescriptor.Term term) {
		int i = 0;
		for (final MethodDescriptor.Term t : method.terms()) {
			if (t == term) return i;
			if (t.role == MethodDescriptor.Role.CONSISTENCY) i++;
		}
		return i;
	}

	private static int[] iterations(final TrainingCurves.Series s) {
		final int[] a = new int[s.size()];
		for (int i = 0; i < a.length; i++) a[i] = s.iteration(i);
		return a;
	}

	private static float[] values(final TrainingCurves.Series s) {
		final float[] a = new float[s.size()];
		for (int i = 0; i < a.length; i++) a[i] = s.value(i);
		return a;
	}

	private void scheduleRefresh() {
		if (refreshPending.compareAndSet(false, true)) {
			SwingUtilities.invokeLater(() -> {
				refreshPending.set(false);
				refresh();
			});
		}
	}

	private static void onEdt(final Runnable r) {
		if (SwingUtilities.isEventDispatchThread()) r.run();
		else SwingUtilities.invokeLater(r);
	}

	private static JPanel transparent(final java.awt.LayoutManager layout) {
		final JPanel p = new JPanel(layout);
		p.setOpaque(false);
		return p;
	}

	private static JPanel card(final CurveChart chart) {
		final JPanel p = new JPanel(new BorderLayout());
		p.setBackground(Color.WHITE);
		final Border line = BorderFactory.createLineBorder(CARD_BORDER);
		p.setBorder(BorderFactory.createCompoundBorder(line, BorderFactory.createEmptyBorder(4, 4, 4, 4)));
		p.add(chart, BorderLayout.CENTER);
		return p;
	}
}
