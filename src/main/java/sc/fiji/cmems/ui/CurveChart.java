package sc.fiji.cmems.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.swing.JComponent;

/**
 * A small line chart painted with Java2D: iterations on x (0 to the planned
 * number, so the curves grow from left to right as training advances), values
 * on y with round tick values. Each curve is drawn faintly as measured and
 * strongly smoothed (exponential moving average), with a legend.
 */
public final class CurveChart extends JComponent {

	private static final long serialVersionUID = 1L;

	static final Color GRID = new Color(0xE6E8EB);
	static final Color AXIS_TEXT = new Color(0x5F6B76);
	static final Color TITLE = new Color(0x1F2933);

	/** One curve to draw. */
	public static final class Curve {

		final String label;
		final Color color;
		final boolean dashed;
		final boolean points;
		final int[] x;
		final float[] y;

		public Curve(final String label, final Color color, final boolean dashed, final boolean points, final int[] x, final float[] y) {
			this.label = label;
			this.color = color;
			this.dashed = dashed;
			this.points = points;
			this.x = x;
			this.y = y;
		}
	}

	private final String title;
	private final Double fixedMax;
	private volatile List<Curve> curves = new ArrayList<>();
	private volatile int xMax = 100;
	private volatile String note = null;
	private volatile String emptyText = "";
	private volatile double smoothing = 0.9;
	private volatile int marker = -1;

	/**
	 * @param fixedMax the top of the y axis, or null to fit the data
	 */
	public CurveChart(final String title, final Double fixedMax) {
		this.title = title;
		this.fixedMax = fixedMax;
		setOpaque(true);
		setBackground(Color.WHITE);
		setPreferredSize(new Dimension(420, 260));
	}

	/** Replaces the curves (any thread); repaints. */
	public void setCurves(final List<Curve> curves, final int xMax) {
		this.curves = new ArrayList<>(curves);
		this.xMax = Math.max(1, xMax);
		repaint();
	}

	/** @param note a line under the title (e.g. the best value), or null */
	public void setNote(final String note) {
		this.note = note;
		repaint();
	}

	/** @param text shown while there is no data */
	public void setEmptyText(final String text) {
		this.emptyText = text;
		repaint();
	}

	/** @param iteration where to draw a vertical marker (e.g. the kept model), or -1 */
	public void setMarker(final int iteration) {
		this.marker = iteration;
		repaint();
	}

	/** @param weight EMA weight of the past, 0 = no smoothing */
	public void setSmoothing(final double weight) {
		this.smoothing = weight;
	}

	@Override
	protected void paintComponent(final Graphics graphics) {
		final Graphics2D g = (Graphics2D) graphics.create();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
			paintChart(g, getWidth(), getHeight());
		}
		finally {
			g.dispose();
		}
	}

	private void paintChart(final Graphics2D g, final int width, final int height) {
		g.setColor(getBackground());
		g.fillRect(0, 0, width, height);
		final Font base = getFont() != null ? getFont() : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
		final Font small = base.deriveFont(Font.PLAIN, 11f);
		final Font bold = base.deriveFont(Font.BOLD, 13f);
		final List<Curve> cs = curves;
		final int xm = xMax;

		g.setFont(bold);
		g.setColor(TITLE);
		g.drawString(title, 12, 20);
		if (note != null) {
			g.setFont(small);
			g.setColor(AXIS_TEXT);
			g.drawString(note, 12 + g.getFontMetrics(bold).stringWidth(title) + 10, 20);
		}

		double top = fixedMax != null ? fixedMax : niceMax(cs);
		final double[] ticks = ticks(top);
		top = ticks[ticks.length - 1];
		g.setFont(small);
		final FontMetrics fm = g.getFontMetrics();
		int labelWidth = 0;
		for (final double t : ticks) labelWidth = Math.max(labelWidth, fm.stringWidth(format(t, top)));
		final int left = 14 + labelWidth, right = width - 14, plotTop = 34 + legendHeight(cs, width, fm), bottom = height - 30;
		if (right - left < 40 || bottom - plotTop < 30) return;

		for (final double t : ticks) {
			final int y = (int) Math.round(bottom - t / top * (bottom - plotTop));
			g.setColor(GRID);
			g.drawLine(left, y, right, y);
			g.setColor(AXIS_TEXT);
			final String s = format(t, top);
			g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
		}
		final int[] xticks = xTicks(xm);
		for (final int t : xticks) {
			final int x = (int) Math.round(left + (double) t / xm * (right - left));
			g.setColor(GRID);
			g.drawLine(x, plotTop, x, bottom);
			g.setColor(AXIS_TEXT);
			final String s = Integer.toString(t);
			g.drawString(s, Math.min(right - fm.stringWidth(s), Math.max(left, x - fm.stringWidth(s) / 2)), bottom + fm.getAscent() + 4);
		}
		g.setColor(AXIS_TEXT);
		final String axis = "iteration";
		g.drawString(axis, right - fm.stringWidth(axis), height - 4);

		boolean any = false;
		for (final Curve c : cs) any |= c.x.length > 0;
		if (!any) {
			g.setColor(AXIS_TEXT);
			g.drawString(emptyText, left + (right - left - fm.stringWidth(emptyText)) / 2, (plotTop + bottom) / 2);
		}
		if (marker > 0) {
			final int x = (int) Math.round(left + (double) marker / xm * (right - left));
			g.setColor(new Color(0x9AA5B1));
			g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] { 3f, 3f }, 0f));
			g.drawLine(x, plotTop, x, bottom);
		}
		final java.awt.Shape clip = g.getClip();
		g.clipRect(left, plotTop - 4, right - left + 1, bottom - plotTop + 8);
		for (final Curve c : cs) drawCurve(g, c, left, right, plotTop, bottom, xm, top);
		g.setClip(clip);
		drawLegend(g, cs, left, 30, width, fm);
	}

	private void drawCurve(final Graphics2D g, final Curve c, final int left, final int right, final int plotTop, final int bottom, final int xm,
		final double top)
	{
		if (c.x.length == 0) return;
		final Stroke solid = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
		final Stroke dashed = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] { 6f, 4f }, 0f);
		if (!c.points && c.x.length > 1) {
			g.setColor(new Color(c.color.getRed(), c.color.getGreen(), c.color.getBlue(), 55));
			g.setStroke(new BasicStroke(1f));
			g.draw(path(c.x, c.y, left, right, plotTop, bottom, xm, top));
		}
		final float[] smooth = c.points ? c.y : ema(c.y, smoothing);
		g.setColor(c.color);
		g.setStroke(c.dashed ? dashed : solid);
		if (c.x.length > 1) g.draw(path(c.x, smooth, left, right, plotTop, bottom, xm, top));
		if (c.points || c.x.length == 1) {
			for (int i = 0; i < c.x.length; i++) {
				final double px = left + (double) c.x[i] / xm * (right - left), py = bottom - smooth[i] / top * (bottom - plotTop);
				g.fillOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 7, 7);
			}
		}
	}

	private static Path2D path(final int[] xs, final float[] ys, final int left, final int right, final int plotTop, final int bottom, final int xm,
		final double top)
	{
		final Path2D.Double p = new Path2D.Double();
		// at most about two points per pixel column
		final int step = Math.max(1, xs.length / Math.max(1, 2 * (right - left)));
		for (int i = 0; i < xs.length; i += step) {
			final double px = left + (double) xs[i] / xm * (right - left), py = bottom - ys[i] / top * (bottom - plotTop);
			if (i == 0) p.moveTo(px, py);
			else p.lineTo(px, py);
		}
		final int last = xs.length - 1;
		p.lineTo(left + (double) xs[last] / xm * (right - left), bottom - ys[last] / top * (bottom - plotTop));
		return p;
	}

	private int legendHeight(final List<Curve> cs, final int width, final FontMetrics fm) {
		return legendRows(cs, width, fm) * (fm.getHeight() + 2);
	}

	private static int legendRows(final List<Curve> cs, final int width, final FontMetrics fm) {
		if (cs.isEmpty()) return 0;
		int rows = 1, x = 12;
		for (final Curve c : cs) {
			final int w = 26 + fm.stringWidth(c.label) + 14;
			if (x + w > width - 8 && x > 12) {
				rows++;
				x = 12;
			}
			x += w;
		}
		return rows;
	}

	private static void drawLegend(final Graphics2D g, final List<Curve> cs, final int left, final int top, final int width, final FontMetrics fm) {
		int x = 12, y = top + fm.getAscent();
		for (final Curve c : cs) {
			final int w = 26 + fm.stringWidth(c.label) + 14;
			if (x + w > width - 8 && x > 12) {
				x = 12;
				y += fm.getHeight() + 2;
			}
			g.setColor(c.color);
			g.setStroke(c.dashed ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] { 4f, 3f }, 0f) : new BasicStroke(2f));
			if (c.points) g.fillOval(x + 7, y - fm.getAscent() / 2 - 3, 7, 7);
			else g.drawLine(x, y - fm.getAscent() / 2 + 1, x + 20, y - fm.getAscent() / 2 + 1);
			g.setColor(TITLE);
			g.drawString(c.label, x + 26, y);
			x += w;
		}
	}

	/** @return the exponential moving average, started at the first value */
	static float[] ema(final float[] y, final double weight) {
		final float[] out = new float[y.length];
		double m = y.length > 0 ? y[0] : 0;
		for (int i = 0; i < y.length; i++) {
			m = weight * m + (1 - weight) * y[i];
			out[i] = (float) m;
		}
		return out;
	}

	/** A top that ignores rare spikes: the 98th percentile of all values, at least the largest smoothed value. */
	private double niceMax(final List<Curve> cs) {
		final List<Float> all = new ArrayList<>();
		double smoothMax = 0;
		for (final Curve c : cs) {
			for (final float v : c.y) all.add(v);
			for (final float v : ema(c.y, smoothing)) smoothMax = Math.max(smoothMax, v);
		}
		if (all.isEmpty()) return 1;
		final float[] sorted = new float[all.size()];
		for (int i = 0; i < sorted.length; i++) sorted[i] = all.get(i);
		Arrays.sort(sorted);
		final double p98 = sorted[Math.min(sorted.length - 1, (int) Math.floor(0.98 * (sorted.length - 1)))];
		final double top = Math.max(p98, smoothMax) * 1.05;
		return top > 0 ? top : 1;
	}

	/** @return 0 and round steps up to at least {@code max} */
	static double[] ticks(final double max) {
		final double rough = max / 4;
		final double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
		double step = magnitude;
		for (final double f : new double[] { 1, 2, 2.5, 5, 10 })
			if (f * magnitude >= rough) {
				step = f * magnitude;
				break;
			}
		final int n = (int) Math.ceil(max / step - 1e-9);
		final double[] t = new double[n + 1];
		for (int i = 0; i <= n; i++) t[i] = i * step;
		return t;
	}

	private static int[] xTicks(final int max) {
		final double[] t = ticks(max);
		final List<Integer> out = new ArrayList<>();
		for (final double v : t)
			if (v <= max + 1e-9 && v == Math.rint(v)) out.add((int) v);
		final int[] a = new int[out.size()];
		for (int i = 0; i < a.length; i++) a[i] = out.get(i);
		return a;
	}

	/** Tick labels with as many decimals as the step between ticks needs (0.25 stays 0.25). */
	private static String format(final double v, final double top) {
		if (v == 0) return "0";
		final double[] t = ticks(top);
		final double step = t.length > 1 ? t[1] : top;
		int decimals = 0;
		while (decimals < 4 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) decimals++;
		return String.format(Locale.ROOT, "%." + decimals + "f", v);
	}
}
