package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

/** A site or sector of a hospital ({@code his.sede}). */
public record NewSite(String hospitalCode, String name, String address, String commune) {

  public NewSite {
    text(hospitalCode, "hospitalCode");
    text(name, "name");
  }
}
