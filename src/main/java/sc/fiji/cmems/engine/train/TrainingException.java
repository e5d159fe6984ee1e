package sc.fiji.cmems.engine.train;

/** Training could not go on (e.g. the loss diverged); the message says what and where. */
public final class TrainingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TrainingException(final String message) {
		super(message);
	}
}
