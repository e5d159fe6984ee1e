package sc.fiji.cmems.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import javax.swing.SwingUtilities;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.jobs.TrainingListeners;

/** The training window's content, headless: it follows a real run, draws its curves, and its Stop button stops training. */
class TrainingPanelTest {

	@Test
	void followsARealRunAndStopKeepsTheModelSoFar() throws Exception {
		final TrainingPanel panel = new TrainingPanel("toy.cmems", Arrays.asList("background", "crescent", "ring", "disc"));
		final TrainingSettings s = TinyRuns.settings("cmems", 6);
		s.validateEvery = 1;
		final TrainingListener pressStopAfterTwo = new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport r) {
				if (r.iteration() == 2) panel.stopButton().doClick();
			}
		};
		final TrainingResult result = new Trainer(s).listener(TrainingListeners.of(panel, pressStopAfterTwo)).stopWhen(panel::stopRequested)
			.train(ToyData.inputs(4, 32, 4, 2));
		try (SegmentationModel model = result.model()) {
			assertTrue(result.stopped());
			assertEquals(2, result.iterationsDone(), "stopped before the third iteration");
			assertEquals(2, model.info().iterations, "the model kept is the one trained so far");
		}
		SwingUtilities.invokeAndWait(panel::refresh);
		final List<String> terms = panel.curves().lossNames();
		assertTrue(terms.containsAll(Arrays.asList("sup1", "sup2", "img1", "img2", "feat1", "feat2")), terms.toString());
		assertFalse(terms.contains("w"), "the unlabeled weight is not a loss");
		assertEquals(2, panel.curves().validationDice().size());
		assertEquals("Stopping ...", panel.stopButton().getText());
		assertFalse(panel.stopButton().isEnabled());
		assertTrue(panel.timeLabel().getText().contains("left"), panel.timeLabel().getText());
		assertTrue(panel.detailLabel().getText().contains("confident pseudo-labels crescent"), panel.detailLabel().getText());

		final BufferedImage picture = paint(panel, 900, 520);
		assertTrue(count(picture, TrainingPanel.SUPERVISED) > 40, "supervised loss curves drawn");
		assertTrue(count(picture, TrainingPanel.IMAGE) > 20, "image perturbation curves drawn");
		assertTrue(count(picture, TrainingPanel.DICE) > 20, "validation Dice points drawn");

		panel.finished("Model written", true);
		SwingUtilities.invokeAndWait(() -> {});
		assertEquals("Close", panel.stopButton().getText());
		assertTrue(panel.stopButton().isEnabled());
	}

	@Test
	void tickValuesAreRoundAndCoverTheRange() {
		for (final double max : new double[] { 0.07, 0.9, 1, 2.3, 17, 30000 }) {
			final double[] t = CurveChart.ticks(max);
			assertEquals(0, t[0]);
			assertTrue(t[t.length - 1] >= max - 1e-9, max + " covered by " + Arrays.toString(t));
			assertTrue(t.length >= 3 && t.length <= 7, Arrays.toString(t));
		}
		final float[] smoothed = CurveChart.ema(new float[] { 1, 1, 5, 1 }, 0.5);
		assertEquals(1f, smoothed[1]);
		assertEquals(3f, smoothed[2]);
	}

	/** Lays out and paints a component off screen (no display needed). */
	static BufferedImage paint(final Component c, final int width, final int height) throws Exception {
		final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		SwingUtilities.invokeAndWait(() -> {
			c.setSize(width, height);
			layout(c);
			final Graphics2D g = image.createGraphics();
			c.paint(g);
			g.dispose();
		});
		return image;
	}

	private static void layout(final Component c) {
		c.doLayout();
		if (c instanceof Container) for (final Component k : ((Container) c).getComponents()) layout(k);
	}

	static int count(final BufferedImage image, final Color color) {
		int n = 0;
		for (int y = 0; y < image.getHeight(); y++)
			for (int x = 0; x < image.getWidth(); x++) {
				final int rgb = image.getRGB(x, y);
				if (Math.abs(((rgb >> 16) & 255) - color.getRed()) < 12 && Math.abs(((rgb >> 8) & 255) - color.getGreen()) < 12
					&& Math.abs((rgb & 255) - color.getBlue()) < 12) n++;
			}
		return n;
	}
}
