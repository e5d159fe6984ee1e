package sc.fiji.cmems.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import sc.fiji.cmems.engine.model.AtomicFiles;

/**
 * A PNG grid for looking at segmentations: each row is one image, each panel
 * the image in grey with one label map drawn as coloured contours (class 1
 * blue, 2 green, 3 red, then further colours), titled at the top.
 */
public final class OverlayMontage {

	private static final Color[] COLOURS = { new Color(60, 140, 255), new Color(40, 210, 80), new Color(255, 60, 60),
		new Color(255, 200, 0), new Color(200, 80, 255), new Color(0, 220, 220) };
	private static final int TITLE = 16;

	private final int scale;
	private final List<List<BufferedImage>> rows = new ArrayList<>();
	private final List<String> titles = new ArrayList<>();

	/** @param scale each image pixel becomes {@code scale x scale} screen pixels */
	public OverlayMontage(final int scale) {
		this.scale = Math.max(1, scale);
	}

	/** @param columnTitles titles of the panels, set once (from the first row) */
	public void addRow(final float[] image, final int width, final int height, final List<int[]> labelMaps, final List<String> columnTitles) {
		if (titles.isEmpty()) titles.addAll(columnTitles);
		final List<BufferedImage> row = new ArrayList<>();
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : image) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		final float range = max > min ? max - min : 1;
		for (final int[] labels : labelMaps) {
			final BufferedImage panel = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
			for (int y = 0; y < height * scale; y++)
				for (int x = 0; x < width * scale; x++) {
					final int i = (y / scale) * width + x / scale;
					final int g = Math.round(255 * (image[i] - min) / range);
					int rgb = (g << 16) | (g << 8) | g;
					if (labels != null && isContour(labels, width, height, x, y)) rgb = COLOURS[(labels[i] - 1) % COLOURS.length].getRGB();
					panel.setRGB(x, y, rgb);
				}
			row.add(panel);
		}
		rows.add(row);
	}

	/** A screen pixel is on a contour when its label is foreground and differs from a 4-neighbour's at the image scale. */
	private boolean isContour(final int[] labels, final int width, final int height, final int sx, final int sy) {
		final int x = sx / scale, y = sy / scale;
		final int l = labels[y * width + x];
		if (l == 0) return false;
		final int fx = sx % scale, fy = sy % scale;
		if (fx == 0 && (x == 0 || labels[y * width + x - 1] != l)) return true;
		if (fx == scale - 1 && (x == width - 1 || labels[y * width + x + 1] != l)) return true;
		if (fy == 0 && (y == 0 || labels[(y - 1) * width + x] != l)) return true;
		return fy == scale - 1 && (y == height - 1 || labels[(y + 1) * width + x] != l);
	}

	/** @return the number of rows added */
	public int rows() {
		return rows.size();
	}

	/** Writes the grid (atomically). */
	public void write(final Path png) throws IOException {
		if (rows.isEmpty()) throw new IllegalStateException("no rows");
		final int pw = rows.get(0).get(0).getWidth(), ph = rows.get(0).get(0).getHeight(), gap = 4;
		final int columns = rows.get(0).size();
		final BufferedImage all = new BufferedImage(columns * (pw + gap) - gap, TITLE + rows.size() * (ph + gap) - gap, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = all.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, all.getWidth(), all.getHeight());
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		for (int c = 0; c < columns && c < titles.size(); c++) g.drawString(titles.get(c), c * (pw + gap) + 2, TITLE - 4);
		for (int r = 0; r < rows.size(); r++)
			for (int c = 0; c < columns; c++) g.drawImage(rows.get(r).get(c), c * (pw + gap), TITLE + r * (ph + gap), null);
		g.dispose();
		AtomicFiles.write(png, out -> ImageIO.write(all, "png", out));
	}
}
