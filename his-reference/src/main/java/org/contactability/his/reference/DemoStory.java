package org.contactability.his.reference;

import org.contactability.common.Rut;

/**
 * The fixed people of the demo, the same for every seed, so that demos and end-to-end tests can
 * find them. {@link DemoSummary.Story} gives their row ids and appointment times once loaded.
 */
public final class DemoStory {

  /** Hospital Clínico Herminda Martín, Chillán. */
  public static final String CHILLAN = "HCHM";
  /** Hospital de La Serena. */
  public static final String LA_SERENA = "HLS";
  public static final String CENTRO_DE_ESPECIALIDADES = "Centro de Especialidades";
  public static final String CENTRO_DE_DIAGNOSTICO_TERAPEUTICO = "Centro de Diagnóstico Terapéutico";

  /**
   * Juan Dionisio Soto Cabrera: an appointment with Dra. Juanita Pérez Mellado (Medicina
   * Interna, Centro de Especialidades, Chillán) five days ahead at 10:00, booked at load time.
   */
  public static final Rut JUAN_SOTO_RUT = Rut.of(12_345_678);
  public static final String JUAN_SOTO_PHONE = "+56 9 6123 4567";
  public static final String JUAN_SOTO_EMAIL = "juan.soto.cabrera@example.com";

  /** María Angélica Fuentes Rojas: the most urgent waiting entry for Medicina Interna in Chillán. */
  public static final Rut MARIA_FUENTES_RUT = Rut.of(9_876_543);
  public static final String MARIA_FUENTES_PHONE = "9 8765 4321";
  public static final String MARIA_FUENTES_EMAIL = "maria.fuentes@example.net";

  /** Pedro Pablo Araya Castillo: two upcoming appointments in La Serena (Cardiología, Oftalmología). */
  public static final Rut PEDRO_ARAYA_RUT = Rut.of(15_000_011);
  public static final String PEDRO_ARAYA_PHONE = "+56977123456";

  /**
   * Rosa Elena Muñoz Tapia: a Chillán landline in the mobile field and an e-mail; Chillán does not
   * call, so she is reached by e-mail.
   */
  public static final Rut ROSA_MUNOZ_RUT = Rut.of(7_654_321);
  public static final String ROSA_MUNOZ_PHONE = "42 222 3344";
  public static final String ROSA_MUNOZ_EMAIL = "rosa.munoz@example.org";

  /**
   * Luis Humberto Alfaro Godoy: an older La Serena patient whose only phone is a landline, without
   * e-mail; booked at load time, so La Serena's booking notice reaches him as a voice call.
   */
  public static final Rut LUIS_ALFARO_RUT = Rut.of(4_812_345);
  public static final String LUIS_ALFARO_PHONE = "51 222 1234";

  private DemoStory() {
  }
}
