package sc.fiji.cmems.ui;

import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The training window: a {@link TrainingPanel} in a frame. Closing the window
 * while training runs stops training as the Stop button does (the best model
 * so far is kept).
 */
public final class TrainingWindow extends JFrame {

	private static final long serialVersionUID = 1L;

	private final TrainingPanel panel;

	private TrainingWindow(final String title, final List<String> classNames) {
		super("CMEMS training \u2013 " + title);
		panel = new TrainingPanel(title, classNames);
		setContentPane(panel);
		setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
		addWindowListener(new WindowAdapter() {

			@Override
			public void windowClosing(final WindowEvent e) {
				if (panel.isRunning()) panel.requestStop();
				dispose();
			}
		});
		panel.setCloseAction(this::dispose);
		pack();
		setLocationByPlatform(true);
	}

	/** Creates and shows a window on the event dispatch thread; needs a display. */
	public static TrainingWindow open(final String title, final List<String> classNames) {
		final AtomicReference<TrainingWindow> window = new AtomicReference<>();
		final Runnable create = () -> {
			final TrainingWindow w = new TrainingWindow(title, classNames);
			w.setVisible(true);
			window.set(w);
		};
		if (SwingUtilities.isEventDispatchThread()) create.run();
		else {
			try {
				SwingUtilities.invokeAndWait(create);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while opening the training window", e);
			}
			catch (final InvocationTargetException e) {
				throw new IllegalStateException("could not open the training window: " + e.getCause(), e.getCause());
			}
		}
		return window.get();
	}

	public TrainingPanel panel() {
		return panel;
	}
}
