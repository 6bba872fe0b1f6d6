package org.contactability.schemas.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

/**
 * Every contract field that holds patient data says so with the schema property {@code "privacy"}:
 * {@code "encrypted"} (the value is sealed under the patient's data key) or {@code "retired"} (a field of older versions
 * that is no longer written). A field is taken to hold patient data when its name says it holds a name, a phone, an
 * e-mail, a RUT, a birth date, an address of the patient or free text; the few such names that belong to professionals
 * and hospitals are listed below with the reason.
 */
class ProtectedFieldsTest {

  static final String PROPERTY = "privacy";
  static final Set<String> VALUES = Set.of("encrypted", "retired");

  static final Pattern PATIENT_DATA = Pattern.compile(
      "(?i).*(rut|givenNames|surname|fullName|phone|email|birth|rawText|recipient)|from");

  /** Fields whose names look like patient data but hold the hospital's or a professional's, public by design. */
  static final Map<String, String> NOT_PATIENT_DATA = Map.of(
      "org.contactability.contracts.his.ProfessionalRow.givenNames", "the professional every message names",
      "org.contactability.contracts.his.ProfessionalRow.paternalSurname", "the professional every message names",
      "org.contactability.contracts.his.ProfessionalRow.maternalSurname", "the professional every message names",
      "org.contactability.contracts.appointment.Professional.fullName", "the professional every message names",
      "org.contactability.contracts.appointment.Hospital.phone", "the hospital's public phone",
      "org.contactability.contracts.contact.MessageDetails.hospitalPhone", "the hospital's public phone");

  @Test
  void every_field_holding_patient_data_carries_the_privacy_property() {
    assertThat(unmarked(contracts())).isEmpty();
  }

  @Test
  void the_property_is_only_on_text_fields_and_says_one_of_its_values() {
    List<String> wrong = new ArrayList<>();
    walk(contracts(), (record, field) -> {
      Object value = field.getObjectProp(PROPERTY);
      if (value == null) {
        return;
      }
      if (!VALUES.contains(value.toString())) {
        wrong.add(record.getFullName() + "." + field.name() + ": unknown value " + value);
      } else if ("encrypted".equals(value) && !holdsText(field.schema())) {
        wrong.add(record.getFullName() + "." + field.name() + ": a sealed value is text, not " + field.schema());
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void the_check_finds_a_new_patient_field_without_the_property() {
    Schema careless = SchemaBuilder.record("Careless").namespace("t").fields()
        .optionalString("patientNickname").optionalString("secondPhone").endRecord();

    assertThat(unmarked(List.of(careless))).containsExactly("t.Careless.secondPhone");
  }

  @Test
  void every_exception_names_a_field_that_exists() {
    Set<String> fields = new HashSet<>();
    walk(contracts(), (record, field) -> fields.add(record.getFullName() + "." + field.name()));
    assertThat(fields).containsAll(NOT_PATIENT_DATA.keySet());
  }

  private static List<Schema> contracts() {
    return Topics.allWithDeadLetters().stream().map(t -> SpecificData.get().getSchema(t.valueType())).distinct()
        .toList();
  }

  private static List<String> unmarked(List<Schema> schemas) {
    List<String> unmarked = new ArrayList<>();
    walk(schemas, (record, field) -> {
      String name = record.getFullName() + "." + field.name();
      if (PATIENT_DATA.matcher(field.name()).matches() && !NOT_PATIENT_DATA.containsKey(name)
          && field.getObjectProp(PROPERTY) == null && !holdsRecord(field.schema())) {
        unmarked.add(name);
      }
    });
    return unmarked;
  }

  private interface FieldVisitor {
    void visit(Schema record, Schema.Field field);
  }

  private static void walk(List<Schema> schemas, FieldVisitor visitor) {
    Set<String> seen = new HashSet<>();
    schemas.forEach(schema -> walk(schema, visitor, seen));
  }

  private static void walk(Schema schema, FieldVisitor visitor, Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        for (Schema.Field field : schema.getFields()) {
          visitor.visit(schema, field);
          walk(field.schema(), visitor, seen);
        }
      }
      case UNION -> schema.getTypes().forEach(type -> walk(type, visitor, seen));
      case ARRAY -> walk(schema.getElementType(), visitor, seen);
      case MAP -> walk(schema.getValueType(), visitor, seen);
      default -> {
      }
    }
  }

  /** A record's own fields are checked one by one. */
  private static boolean holdsRecord(Schema schema) {
    return schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.RECORD);
  }

  private static boolean holdsText(Schema schema) {
    return schema.getType() == Schema.Type.STRING || schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().allMatch(t -> t.getType() == Schema.Type.NULL || t.getType() == Schema.Type.STRING);
  }
}
