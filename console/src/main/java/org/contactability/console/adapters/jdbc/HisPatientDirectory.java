package org.contactability.console.adapters.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.contactability.common.EmailAddress;
import org.contactability.common.PhoneNumber;
import org.contactability.common.Rut;
import org.contactability.common.privacy.Mask;
import org.contactability.console.application.DemoPatient;

/**
 * The patients of the reference HIS ({@code his.paciente}), read over JDBC for the patient-phone
 * page's picker: the demo's story patients come first (lowest ids).
 */
public final class HisPatientDirectory {

  private static final String SQL = """
      SELECT p.id, p.rut, p.nombres, p.apellido_paterno, p.apellido_materno, p.telefono_movil, p.email,
             (SELECT count(*) FROM his.cita c
               WHERE c.paciente_id = p.id AND c.estado IN ('AGENDADA', 'CONFIRMADA') AND c.fecha_hora >= ?) AS proximas,
             EXISTS (SELECT 1 FROM his.lista_espera l WHERE l.paciente_id = p.id AND l.estado = 'EN_ESPERA') AS en_espera
        FROM his.paciente p
       WHERE ? = ''
          OR lower(p.nombres || ' ' || p.apellido_paterno || ' ' || coalesce(p.apellido_materno, '')) LIKE ?
          OR p.rut = ?
       ORDER BY p.id
       LIMIT ?
      """;

  private final DataSource his;
  private final String phoneRegion;
  private final Clock clock;
  private final ZoneId zone;

  public HisPatientDirectory(DataSource his, String phoneRegion, Clock clock, ZoneId zone) {
    this.his = his;
    this.phoneRegion = phoneRegion;
    this.clock = clock;
    this.zone = zone;
  }

  /**
   * @param query part of the name, or a RUT in any usual writing; blank for everybody
   * @param limit how many at most
   */
  public List<DemoPatient> find(String query, int limit) {
    String text = query == null ? "" : query.strip();
    String rut = Rut.tryParse(text).map(Rut::normalized).orElse("");
    try (Connection connection = his.getConnection();
        PreparedStatement statement = connection.prepareStatement(SQL)) {
      statement.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), zone)));
      statement.setString(2, text);
      statement.setString(3, "%" + text.toLowerCase(Locale.ROOT) + "%");
      statement.setString(4, rut);
      statement.setInt(5, limit);
      List<DemoPatient> patients = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          patients.add(patient(rows));
        }
      }
      return patients;
    } catch (SQLException e) {
      throw new IllegalStateException("No se pudo leer los pacientes del HIS (SQL state " + e.getSQLState() + ")", e);
    }
  }

  private DemoPatient patient(ResultSet rows) throws SQLException {
    String name = Stream.of(rows.getString("nombres"), rows.getString("apellido_paterno"),
        rows.getString("apellido_materno")).filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(" "));
    String typed = rows.getString("telefono_movil");
    Optional<String> phone = PhoneNumber.tryParse(typed, phoneRegion).map(PhoneNumber::e164);
    String problem = phone.isPresent() ? null
        : typed == null || typed.isBlank() ? "El HIS no tiene teléfono para este paciente"
        : "El teléfono registrado en el HIS no es un número válido";
    return new DemoPatient(rows.getString("id"), name, Mask.rut(rows.getString("rut")), phone.orElse(null), problem,
        EmailAddress.tryParse(rows.getString("email")).map(EmailAddress::value).orElse(null), rows.getInt("proximas"),
        rows.getBoolean("en_espera"));
  }
}
