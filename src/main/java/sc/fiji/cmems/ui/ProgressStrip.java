package sc.fiji.cmems.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;

import javax.swing.JComponent;

/** A flat progress bar with its text centred, the same under every look and feel. */
final class ProgressStrip extends JComponent {

	private static final long serialVersionUID = 1L;

	static final Color TRACK = new Color(0xE3E8EE);
	static final Color FILL = new Color(0x3B7BE0);
	static final Color DONE = new Color(0x2E9E5B);

	private volatile long value, maximum = 1;
	private volatile String text = "";
	private volatile boolean done;

	ProgressStrip() {
		setPreferredSize(new Dimension(200, 24));
	}

	void set(final long value, final long maximum, final String text) {
		this.value = value;
		this.maximum = Math.max(1, maximum);
		this.text = text;
		repaint();
	}

	void setDone(final boolean done) {
		this.done = done;
		repaint();
	}

	String text() {
		return text;
	}

	@Override
	protected void paintComponent(final Graphics graphics) {
		final Graphics2D g = (Graphics2D) graphics.create();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			final int w = getWidth(), h = getHeight();
			g.setColor(TRACK);
			g.fill(new RoundRectangle2D.Double(0, 0, w, h, h, h));
			final double fraction = Math.min(1, (double) value / maximum);
			if (fraction > 0) {
				g.setColor(done ? DONE : FILL);
				g.fill(new RoundRectangle2D.Double(0, 0, Math.max(h, w * fraction), h, h, h));
			}
			final Font base = getFont() != null ? getFont() : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
			g.setFont(base.deriveFont(Font.BOLD, 12f));
			final FontMetrics fm = g.getFontMetrics();
			final int tx = (w - fm.stringWidth(text)) / 2, ty = (h + fm.getAscent() - fm.getDescent()) / 2;
			// text in white over the fill, dark over the track
			final java.awt.Shape clip = g.getClip();
			g.setColor(CurveChart.TITLE);
			g.drawString(text, tx, ty);
			g.clipRect(0, 0, (int) Math.round(w * fraction), h);
			g.setColor(Color.WHITE);
			g.drawString(text, tx, ty);
			g.setClip(clip);
		}
		finally {
			g.dispose();
		}
	}
}
