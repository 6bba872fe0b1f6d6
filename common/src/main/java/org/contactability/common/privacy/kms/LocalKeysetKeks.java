package org.contactability.common.privacy.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.contactability.common.privacy.KeyEncryptionKeys;

/**
 * The embedded default's KMS: a Tink keyset of AES-256-GCM keys in a file (JSON, readable by its owner only). Its
 * primary key wraps new data keys; every key left in the file still unwraps. Rotation adds a new primary
 * ({@code rotate}); once every data key is wrapped again the old key can leave the file ({@code remove}). The file is the
 * root of the whole hierarchy: whoever reads it reads every patient, and losing it loses every patient's data.
 *
 * <p>{@code java -cp common.jar org.contactability.common.privacy.kms.LocalKeysetKeks create|rotate|show|remove <file> [id]}
 */
public final class LocalKeysetKeks implements KeyEncryptionKeys {

  private static final String PREFIX = "local:";

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;

  private LocalKeysetKeks(KeysetHandle keyset) throws GeneralSecurityException {
    this.keyset = keyset;
    this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  /**
   * Reads the keyset in {@code file}; when there is none and {@code create} is set, makes one first. Several processes
   * starting together on one file all end up with the same keyset: the first file written wins.
   */
  public static LocalKeysetKeks open(Path file, boolean create) {
    try {
      if (!Files.exists(file)) {
        if (!create) {
          throw new IllegalStateException("No key-encryption keyset at " + file + ": create it with LocalKeysetKeks create"
              + " (docs/privacy.md), or let the platform create it (contactability.privacy.kek.local.create-if-missing)");
        }
        writeNew(file, KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
      }
      return new LocalKeysetKeks(read(file));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The key-encryption keyset at " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public String primaryId() {
    return PREFIX + Integer.toUnsignedString(keyset.getPrimary().getId());
  }

  @Override
  public Aead aead(String kekId) throws GeneralSecurityException {
    if (kekId == null || !kekId.startsWith(PREFIX)) {
      throw new GeneralSecurityException("KEK " + kekId + " is not a key of the local keyset");
    }
    int id = Integer.parseUnsignedInt(kekId.substring(PREFIX.length()));
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == id && keyset.getAt(i).getStatus() == KeyStatus.ENABLED) {
        return aead;
      }
    }
    throw new GeneralSecurityException("KEK " + kekId + " is no longer in the local keyset (removed after a rotation?)");
  }

  /** Adds a new AES-256-GCM key to the keyset in {@code file} and makes it the primary; returns its KEK id. */
  public static String rotate(Path file) throws GeneralSecurityException {
    KeysetHandle rotated = KeysetHandle.newBuilder(read(file))
        .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
            .makePrimary())
        .build();
    replace(file, rotated);
    return PREFIX + Integer.toUnsignedString(rotated.getPrimary().getId());
  }

  /** Removes KEK {@code kekId} from the keyset in {@code file} (never the primary): what it alone wrapped is lost. */
  public static void remove(Path file, String kekId) throws GeneralSecurityException {
    KeysetHandle current = read(file);
    int id = Integer.parseUnsignedInt(kekId.substring(PREFIX.length()));
    if (current.getPrimary().getId() == id) {
      throw new GeneralSecurityException("KEK " + kekId + " is the primary: rotate first");
    }
    for (int i = 0; i < current.size(); i++) {
      if (current.getAt(i).getId() == id) {
        replace(file, KeysetHandle.newBuilder(current).deleteAt(i).build());
        return;
      }
    }
    throw new GeneralSecurityException("KEK " + kekId + " is not in " + file);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: LocalKeysetKeks create|rotate|show|remove <keyset file> [KEK id]");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    switch (args[0]) {
      case "create" -> System.out.println("primary " + open(file, true).primaryId());
      case "rotate" -> System.out.println("primary " + rotate(file));
      case "remove" -> {
        remove(file, args[2]);
        System.out.println("removed " + args[2]);
      }
      case "show" -> {
        KeysetHandle keyset = read(file);
        for (int i = 0; i < keyset.size(); i++) {
          System.out.println(PREFIX + Integer.toUnsignedString(keyset.getAt(i).getId())
              + (keyset.getAt(i).isPrimary() ? " primary" : ""));
        }
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        System.exit(2);
      }
    }
  }

  private static KeysetHandle read(Path file) throws GeneralSecurityException {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
          InsecureSecretKeyAccess.get());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the key-encryption keyset " + file, e);
    }
  }

  private static void writeNew(Path file, KeysetHandle keyset) throws GeneralSecurityException {
    Path temporary = temporaryCopy(file, keyset);
    try {
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      // another process made it first: use theirs
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Files.move(temporary, file);
        return;
      } catch (FileAlreadyExistsException taken) {
        // another process made it first
      } catch (IOException moveFailed) {
        throw new UncheckedIOException("Cannot write the key-encryption keyset " + file, moveFailed);
      }
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a stray temporary copy in the key directory; the keyset itself is in place
      }
    }
  }

  private static void replace(Path file, KeysetHandle keyset) throws GeneralSecurityException {
    try {
      Files.move(temporaryCopy(file, keyset), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replace the key-encryption keyset " + file, e);
    }
  }

  private static Path temporaryCopy(Path file, KeysetHandle keyset) throws GeneralSecurityException {
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, ".kek", ".tmp");
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the directory's own protection applies
      }
      Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()),
          StandardCharsets.UTF_8);
      return temporary;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the key-encryption keyset next to " + file, e);
    }
  }
}
