package emotij.cli;

/** Bad command-line arguments: the message says what is wrong; the command exits with code 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
