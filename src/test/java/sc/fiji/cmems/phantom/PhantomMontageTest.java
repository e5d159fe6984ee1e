package sc.fiji.cmems.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Writes {@code target/phantom-montage.png} for people to look at, and checks it. */
class PhantomMontageTest {

	@Test
	void writesMontage() throws IOException {
		File file = new File("target/phantom-montage.png");
		BufferedImage montage = PhantomMontage.render(new CardiacPhantom(1), 4, 3, 128, 0);
		PhantomMontage.write(montage, file);
		BufferedImage back = ImageIO.read(file);
		assertEquals(montage.getWidth(), back.getWidth());
		assertEquals(3 * 128 + 2 * 2, back.getHeight());
		// Grey image cells and coloured overlay cells are both there
		int grey = 0, coloured = 0;
		for (int y = 0; y < back.getHeight(); y++) {
			for (int x = 0; x < back.getWidth(); x++) {
				int rgb = back.getRGB(x, y);
				int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
				if (r == g && g == b && r > 20 && r < 235) grey++;
				if (Math.abs(r - g) > 60 || Math.abs(g - b) > 60) coloured++;
			}
		}
		assertTrue(grey > 0.3 * back.getWidth() * back.getHeight(), "grey " + grey);
		assertTrue(coloured > 12 * 100, "coloured " + coloured);
	}
}
