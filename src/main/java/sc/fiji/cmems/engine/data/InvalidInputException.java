package sc.fiji.cmems.engine.data;

/**
 * Input the engine cannot train or segment on, with a message that names the
 * input and the offending value, meant to be shown to the user as it is.
 */
public final class InvalidInputException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidInputException(final String message) {
		super(message);
	}
}
