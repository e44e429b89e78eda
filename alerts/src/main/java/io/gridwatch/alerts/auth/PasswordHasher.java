package io.gridwatch.alerts.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes with the JDK's PBKDF2 (HMAC-SHA256, random 16-byte salt), written as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (Base64). Verification is constant-time.
 */
public final class PasswordHasher {

  /** Iterations of new hashes: ~0.1 s per login on this class of machine, stored in the hash. */
  public static final int ITERATIONS = 120_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS, 32));
  }

  /** Whether {@code password} matches {@code stored}; false for a hash not in this format. */
  public static boolean matches(char[] password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code stored} has the shape of a hash this class writes. */
  public static boolean isHash(String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    return parts.length == 4 && parts[0].equals(PREFIX) && parts[1].matches("[1-9][0-9]{0,9}");
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().withoutPadding().encodeToString(b);
  }
}
