package sc.fiji.cmems.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;
import sc.fiji.cmems.io.imagej.LabelLut;
import sc.fiji.cmems.jobs.ImageSegmentation;
import sc.fiji.cmems.jobs.TrainingJob;
import sc.fiji.cmems.phantom.CardiacPhantom;

/**
 * Screenshots of the real windows: the training window during and after a real
 * run, and a segmented image in ImageJ. Needs a display, so it runs only where
 * one is (e.g. {@code xvfb-run -s "-screen 0 1400x900x24" mvn test -Dtest=ScreenshotTest});
 * headless builds skip it (and report it skipped). With
 * {@code -Dcmems.screenshots=docs/images} the PNGs go there for the README, from
 * a longer run ({@code -Dcmems.screenshot.iterations}, default 30).
 */
@EnabledIf("displayAvailable")
class ScreenshotTest {

	static boolean displayAvailable() {
		return !GraphicsEnvironment.isHeadless();
	}

	@TempDir
	Path temp;

	@Test
	void trainingWindowAndSegmentedImage() throws Exception {
		final Path out = System.getProperty("cmems.screenshots") != null ? Files.createDirectories(Paths.get(System.getProperty("cmems.screenshots"))) : temp;
		final int iterations = Integer.getInteger("cmems.screenshot.iterations", 30);
		final CardiacPhantom phantom = new CardiacPhantom(11);
		final CardiacPhantom.Sample ex = phantom.sample(0, 64, 64);
		final List<ImageInput> unlabeled = new ArrayList<>(), validation = new ArrayList<>();
		for (int i = 0; i < 60; i++) unlabeled.add(ImageInput.of("u" + i, phantom.sample(1000 + i, 64, 64).image()));
		for (int i = 0; i < 8; i++) {
			final CardiacPhantom.Sample v = phantom.sample(2000 + i, 64, 64);
			validation.add(ImageInput.labeled("v" + i, v.image(), v.labels()));
		}
		final TrainingSettings s = new TrainingSettings();
		s.iterations = iterations;
		s.imageSize = 64;
		s.exemplarBatch = 2;
		s.syntheticBatch = 2;
		s.unlabeledBatch = 4;
		s.validateEvery = Math.max(1, iterations / 12);
		s.device = "cpu";
		s.classNames = CardiacPhantom.LABEL_NAMES;
		s.classes = 4;
		final Path modelFile = temp.resolve("heart.cmems");

		final TrainingWindow window = TrainingWindow.open("heart.cmems", s.classNames);
		SwingUtilities.invokeAndWait(() -> window.setBounds(20, 20, 1040, 600));
		final TrainingJob.Outcome outcome = TrainingJob.train(new TrainingInputs(ImageInput.labeled("exemplar", ex.image(), ex.labels()), unlabeled, validation),
			s, modelFile, window.panel(), window.panel()::stopRequested);
		final BufferedImage running = capture(window);
		window.panel().finished(outcome.summary(), true);
		final BufferedImage finished = capture(window);
		ImageIO.write(finished, "png", out.resolve("training-window.png").toFile());
		assertTrue(TrainingPanelTest.count(running, TrainingPanel.SUPERVISED) > 100, "loss curves on screen");
		assertTrue(TrainingPanelTest.count(running, TrainingPanel.DICE) > 30, "validation Dice on screen");
		SwingUtilities.invokeAndWait(window::dispose);

		try (SegmentationModel model = ModelBundle.read(modelFile, ai.djl.Device.cpu())) {
			final CardiacPhantom.Sample test = phantom.sample(3000, 224, 224);
			final ImagePlus image = ImagePlusImgs.toImagePlus(test.image(), new double[] { 1.4, 1.4 }, "mm", "cine-slice-07.tif");
			final ImagePlus labels = ImageSegmentation.segment(model, modelFile, image, Ensemble.MEAN, null);
			final ImagePlus outlines = withOutlines(image, labels);
			final BufferedImage imageShot = show(image, 20);
			final BufferedImage labelShot = show(labels, 40 + imageShot.getWidth());
			final BufferedImage outlineShot = show(outlines, 60 + 2 * imageShot.getWidth());
			for (final ImagePlus shown : new ImagePlus[] { image, labels, outlines }) shown.close();
			final BufferedImage pair = sideBySide("Segment Image: the input, its label image (label colours, input calibration), the labels as outlines",
				imageShot, labelShot, outlineShot);
			ImageIO.write(pair, "png", out.resolve("segmented-image.png").toFile());
			int coloured = 0;
			for (int label = 1; label < 4; label++) coloured += TrainingPanelTest.count(labelShot, new Color(LabelLut.get().getRGB(label)));
			assertTrue(coloured > 200, "label colours on screen: " + coloured);
			assertFalse(labels.getTitle().isEmpty());
		}
	}

	private static BufferedImage show(final ImagePlus imp, final int x) throws Exception {
		imp.show();
		final ImageWindow w = imp.getWindow();
		SwingUtilities.invokeAndWait(() -> w.setLocation(x, 40));
		return capture(w);
	}

	private static BufferedImage capture(final Window w) throws Exception {
		for (int i = 0; i < 3; i++) {
			SwingUtilities.invokeAndWait(w::repaint);
			Toolkit.getDefaultToolkit().sync();
			Thread.sleep(400);
		}
		final Rectangle r = w.getBounds();
		return new Robot().createScreenCapture(r);
	}

	/** The image with each label's outline as an ImageJ overlay, in the label's colour. */
	private static ImagePlus withOutlines(final ImagePlus image, final ImagePlus labels) {
		final ImagePlus out = image.duplicate();
		out.setTitle(image.getShortTitle() + " with label outlines");
		final Overlay overlay = new Overlay();
		for (int label = 1; label < 4; label++) {
			final ImageProcessor mask = labels.getProcessor().duplicate();
			mask.setThreshold(label, label, ImageProcessor.NO_LUT_UPDATE);
			final Roi roi = ThresholdToSelection.run(new ImagePlus("label " + label, mask));
			if (roi == null) continue;
			roi.setStrokeColor(new Color(LabelLut.get().getRGB(label)));
			roi.setStrokeWidth(2);
			overlay.add(roi);
		}
		out.setOverlay(overlay);
		return out;
	}

	private static BufferedImage sideBySide(final String caption, final BufferedImage... shots) throws IOException {
		final int gap = 16, top = 34;
		int width = gap, height = 0;
		for (final BufferedImage s : shots) {
			width += s.getWidth() + gap;
			height = Math.max(height, s.getHeight());
		}
		final BufferedImage out = new BufferedImage(width, height + top + gap, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = out.createGraphics();
		g.setColor(new Color(0xF3F5F8));
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(new Color(0x1F2933));
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		g.drawString(caption, gap, 22);
		int x = gap;
		for (final BufferedImage s : shots) {
			g.drawImage(s, x, top, null);
			x += s.getWidth() + gap;
		}
		g.dispose();
		return out;
	}
}
