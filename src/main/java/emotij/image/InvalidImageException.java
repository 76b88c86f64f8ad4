package emotij.image;

/** An image that cannot be analysed; the message names the image and says what is wrong and what to do. */
public class InvalidImageException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String imageName;

    public InvalidImageException(String imageName, String problem) {
        super(imageName + ": " + problem);
        this.imageName = imageName;
    }

    public String imageName() {
        return imageName;
    }
}
