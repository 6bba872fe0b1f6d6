-- Reference HIS, part 2: the waiting list and the appointments.
-- Coded values are varchar with CHECK constraints, as HIS databases usually keep them.

CREATE TABLE his.lista_espera (
    id                     bigserial    PRIMARY KEY,
    paciente_id            bigint       NOT NULL REFERENCES his.paciente (id),
    codigo_establecimiento varchar(20)  NOT NULL,
    especialidad           varchar(80)  NOT NULL,
    tipo_prestacion        varchar(20)  NOT NULL DEFAULT 'CONSULTA_NUEVA',
    profesional_id         bigint       REFERENCES his.profesional (id),
    sede_id                bigint       REFERENCES his.sede (id),
    ges                    boolean      NOT NULL DEFAULT false,
    fecha_limite_ges       date,
    prioridad              smallint     NOT NULL DEFAULT 3,
    fecha_ingreso          date         NOT NULL,
    estado                 varchar(12)  NOT NULL DEFAULT 'EN_ESPERA',
    causal_egreso          varchar(200),
    actualizado_en         timestamptz,
    CONSTRAINT lista_espera_tipo_prestacion_ck
        CHECK (tipo_prestacion IN ('CONSULTA_NUEVA', 'CONTROL', 'PROCEDIMIENTO')),
    CONSTRAINT lista_espera_prioridad_ck CHECK (prioridad BETWEEN 1 AND 5),
    CONSTRAINT lista_espera_estado_ck CHECK (estado IN ('EN_ESPERA', 'CITADO', 'EGRESADO')),
    -- A GES deadline only exists for an entry covered by GES.
    CONSTRAINT lista_espera_limite_ges_ck CHECK (ges OR fecha_limite_ges IS NULL)
);

COMMENT ON TABLE his.lista_espera IS 'Waiting-list entry: a patient referred to a specialty and not yet given an appointment.';
COMMENT ON COLUMN his.lista_espera.paciente_id IS 'Patient waiting.';
COMMENT ON COLUMN his.lista_espera.codigo_establecimiento IS 'Hospital whose list this is (HCHM, HLS).';
COMMENT ON COLUMN his.lista_espera.especialidad IS 'Specialty the patient waits for.';
COMMENT ON COLUMN his.lista_espera.tipo_prestacion IS 'Care needed: CONSULTA_NUEVA (first consultation), CONTROL (follow-up), PROCEDIMIENTO (procedure).';
COMMENT ON COLUMN his.lista_espera.profesional_id IS 'Professional required, when the referral names one.';
COMMENT ON COLUMN his.lista_espera.sede_id IS 'Site required, when the referral names one.';
COMMENT ON COLUMN his.lista_espera.ges IS 'Covered by a GES explicit health guarantee (legal deadline).';
COMMENT ON COLUMN his.lista_espera.fecha_limite_ges IS 'Date by which the GES guarantee must be met; only for GES entries.';
COMMENT ON COLUMN his.lista_espera.prioridad IS 'Clinical priority set by the referring team: 1 most urgent .. 5 least.';
COMMENT ON COLUMN his.lista_espera.fecha_ingreso IS 'Date the patient entered the list.';
COMMENT ON COLUMN his.lista_espera.estado IS 'EN_ESPERA (waiting), CITADO (given an appointment), EGRESADO (left the list).';
COMMENT ON COLUMN his.lista_espera.causal_egreso IS 'Why the entry left the list (no longer needed, unreachable, ...).';
COMMENT ON COLUMN his.lista_espera.actualizado_en IS 'Last change of the row; null when never changed.';

CREATE TABLE his.cita (
    id               bigserial    PRIMARY KEY,
    paciente_id      bigint       NOT NULL REFERENCES his.paciente (id),
    profesional_id   bigint       NOT NULL REFERENCES his.profesional (id),
    sede_id          bigint       NOT NULL REFERENCES his.sede (id),
    especialidad     varchar(80)  NOT NULL,
    fecha_hora       timestamp    NOT NULL,
    duracion_minutos integer      NOT NULL DEFAULT 20,
    tipo             varchar(20)  NOT NULL DEFAULT 'CONSULTA_NUEVA',
    estado           varchar(30)  NOT NULL DEFAULT 'AGENDADA',
    motivo_anulacion varchar(300),
    lista_espera_id  bigint       REFERENCES his.lista_espera (id),
    creada_en        timestamptz  NOT NULL DEFAULT now(),
    actualizada_en   timestamptz,
    CONSTRAINT cita_duracion_ck CHECK (duracion_minutos > 0),
    CONSTRAINT cita_tipo_ck CHECK (tipo IN ('CONSULTA_NUEVA', 'CONTROL', 'PROCEDIMIENTO')),
    CONSTRAINT cita_estado_ck CHECK (estado IN ('AGENDADA', 'CONFIRMADA', 'ANULADA_PACIENTE',
                                                'ANULADA_ESTABLECIMIENTO', 'ATENDIDA', 'NO_SE_PRESENTA'))
);

COMMENT ON TABLE his.cita IS 'Outpatient appointment.';
COMMENT ON COLUMN his.cita.paciente_id IS 'Patient booked.';
COMMENT ON COLUMN his.cita.profesional_id IS 'Professional who sees the patient.';
COMMENT ON COLUMN his.cita.sede_id IS 'Site where the patient is seen.';
COMMENT ON COLUMN his.cita.especialidad IS 'Specialty of the appointment.';
COMMENT ON COLUMN his.cita.fecha_hora IS 'Start, in the hospital''s local wall-clock time (no zone, as HIS databases store it).';
COMMENT ON COLUMN his.cita.duracion_minutos IS 'Length of the slot in minutes.';
COMMENT ON COLUMN his.cita.tipo IS 'CONSULTA_NUEVA (first consultation), CONTROL (follow-up), PROCEDIMIENTO (procedure).';
COMMENT ON COLUMN his.cita.estado IS 'AGENDADA (booked), CONFIRMADA, ANULADA_PACIENTE (cancelled by the patient), ANULADA_ESTABLECIMIENTO (cancelled by the hospital), ATENDIDA (attended), NO_SE_PRESENTA (no-show).';
COMMENT ON COLUMN his.cita.motivo_anulacion IS 'Why the appointment was cancelled.';
COMMENT ON COLUMN his.cita.lista_espera_id IS 'Waiting-list entry the appointment was booked from, if any.';
COMMENT ON COLUMN his.cita.creada_en IS 'When the appointment was booked.';
COMMENT ON COLUMN his.cita.actualizada_en IS 'Last change of the row; null when never changed.';

-- A professional cannot hold two live appointments at the same start time; the writeback relies
-- on this to refuse a slot that is already taken. Cancelled and past rows do not count.
CREATE UNIQUE INDEX cita_profesional_hora_vigente_uk
    ON his.cita (profesional_id, fecha_hora)
    WHERE estado IN ('AGENDADA', 'CONFIRMADA');

CREATE INDEX cita_fecha_hora_ix ON his.cita (fecha_hora);
CREATE INDEX cita_paciente_ix ON his.cita (paciente_id);
CREATE INDEX lista_espera_especialidad_estado_ix
    ON his.lista_espera (codigo_establecimiento, especialidad, estado);
CREATE INDEX lista_espera_paciente_ix ON his.lista_espera (paciente_id);
