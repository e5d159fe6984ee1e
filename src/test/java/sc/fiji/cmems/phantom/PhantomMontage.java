package sc.fiji.cmems.phantom;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * Renders a montage of phantom samples: each cell shows an image and, beside
 * it, the same image with the label contours drawn over it (RV blue, Myo
 * green, LV red). The PNG is palette-based (252 grey levels and the three
 * label colours) to stay small.
 * <p>
 * {@code main(out.png [columns rows size seed firstIndex])} writes one; the
 * committed {@code docs/images/phantom-examples.png} is
 * {@code main docs/images/phantom-examples.png 4 3 128 1 0}.
 */
public final class PhantomMontage {

	private static final int GREYS = 252;
	private static final int WHITE = 255;
	private static final IndexColorModel PALETTE;
	static {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < GREYS; i++) {
			r[i] = g[i] = b[i] = (byte) Math.round(i * 255.0 / (GREYS - 1));
		}
		int[][] labels = { { 40, 110, 255 }, { 40, 220, 60 }, { 255, 50, 40 } };
		for (int l = 0; l < 3; l++) {
			r[GREYS + l] = (byte) labels[l][0];
			g[GREYS + l] = (byte) labels[l][1];
			b[GREYS + l] = (byte) labels[l][2];
		}
		r[WHITE] = g[WHITE] = b[WHITE] = (byte) 255;
		PALETTE = new IndexColorModel(8, 256, r, g, b);
	}

	private PhantomMontage() {}

	public static BufferedImage render(CardiacPhantom phantom, int columns, int rows, int size,
		int firstIndex)
	{
		int gap = 2;
		int cellW = 2 * size + gap;
		BufferedImage out = new BufferedImage(columns * cellW + (columns - 1) * 2 * gap, rows * size +
			(rows - 1) * gap, BufferedImage.TYPE_BYTE_INDEXED, PALETTE);
		WritableRaster raster = out.getRaster();
		for (int y = 0; y < out.getHeight(); y++) {
			for (int x = 0; x < out.getWidth(); x++) {
				raster.setSample(x, y, 0, WHITE);
			}
		}
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < columns; c++) {
				CardiacPhantom.Sample s = phantom.sample(firstIndex + r * columns + c, size, size);
				int ox = c * (cellW + 2 * gap);
				int oy = r * (size + gap);
				draw(raster, s, ox, oy, false);
				draw(raster, s, ox + size + gap, oy, true);
			}
		}
		return out;
	}

	private static void draw(WritableRaster out, CardiacPhantom.Sample s, int ox, int oy,
		boolean contours)
	{
		int w = s.width(), h = s.height();
		float[] img = s.imageData();
		byte[] lab = s.labelData();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				int index = Math.round((GREYS - 1) * Math.max(0, Math.min(1, img[i])));
				int l = lab[i];
				if (contours && l != 0) {
					// A label's boundary pixels: a neighbour has another label
					boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1 || lab[i - 1] != l ||
						lab[i + 1] != l || lab[i - w] != l || lab[i + w] != l;
					if (edge) index = GREYS + l - 1;
				}
				out.setSample(ox + x, oy + y, 0, index);
			}
		}
	}

	public static void write(BufferedImage image, File file) throws IOException {
		File dir = file.getAbsoluteFile().getParentFile();
		if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
			throw new IOException("Cannot create " + dir);
		}
		if (!ImageIO.write(image, "png", file)) throw new IOException("No PNG writer");
	}

	public static void main(String[] args) throws IOException {
		File file = new File(args.length > 0 ? args[0] : "target/phantom-montage.png");
		int columns = args.length > 1 ? Integer.parseInt(args[1]) : 4;
		int rows = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		int size = args.length > 3 ? Integer.parseInt(args[3]) : 128;
		long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
		int first = args.length > 5 ? Integer.parseInt(args[5]) : 0;
		write(render(new CardiacPhantom(seed), columns, rows, size, first), file);
		System.out.println("Wrote " + file + " (" + file.length() + " bytes)");
	}
}
