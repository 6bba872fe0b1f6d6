-- Reference HIS, part 1: where patients are seen, who they are, who sees them.
-- Names are Spanish, as a Chilean public hospital's HIS has them; other services code against them.

CREATE TABLE his.sede (
    id                     bigserial    PRIMARY KEY,
    codigo_establecimiento varchar(20)  NOT NULL,
    nombre                 varchar(120) NOT NULL,
    direccion              varchar(200),
    comuna                 varchar(80),
    CONSTRAINT sede_establecimiento_nombre_uk UNIQUE (codigo_establecimiento, nombre)
);

COMMENT ON TABLE his.sede IS 'Site or sector of a hospital where patients are seen (e.g. Centro de Especialidades).';
COMMENT ON COLUMN his.sede.codigo_establecimiento IS 'Code of the hospital the site belongs to (HCHM, HLS); selects the hospital''s configuration.';
COMMENT ON COLUMN his.sede.nombre IS 'Site name as patients know it; messages name it.';
COMMENT ON COLUMN his.sede.direccion IS 'Street address, told to the patient.';
COMMENT ON COLUMN his.sede.comuna IS 'Commune (comuna) of the address.';

CREATE TABLE his.paciente (
    id               bigserial    PRIMARY KEY,
    rut              varchar(12)  NOT NULL,
    nombres          varchar(100) NOT NULL,
    apellido_paterno varchar(60)  NOT NULL,
    apellido_materno varchar(60),
    fecha_nacimiento date,
    telefono_movil   varchar(30),
    email            varchar(120),
    creado_en        timestamptz  NOT NULL DEFAULT now(),
    actualizado_en   timestamptz,
    CONSTRAINT paciente_rut_uk UNIQUE (rut),
    -- Only the normalised shape is enforced here; the mod-11 check digit is the application's
    -- job (see docs/his-reference.md), as in HIS databases that carry legacy RUTs.
    CONSTRAINT paciente_rut_formato_ck CHECK (rut ~ '^[1-9][0-9]{0,7}-[0-9K]$')
);

COMMENT ON TABLE his.paciente IS 'Patient. Sensitive health data.';
COMMENT ON COLUMN his.paciente.rut IS 'Chilean RUN/RUT, normalised: number without dots, hyphen, check digit 0-9 or K (12345678-5).';
COMMENT ON COLUMN his.paciente.nombres IS 'Given names.';
COMMENT ON COLUMN his.paciente.apellido_paterno IS 'First (paternal) surname.';
COMMENT ON COLUMN his.paciente.apellido_materno IS 'Second (maternal) surname; may be missing.';
COMMENT ON COLUMN his.paciente.fecha_nacimiento IS 'Date of birth.';
COMMENT ON COLUMN his.paciente.telefono_movil IS 'Mobile phone as the clerk typed it (free text: +56 9 1234 5678, 912345678, ...); may be empty or invalid.';
COMMENT ON COLUMN his.paciente.email IS 'E-mail address, when the patient gave one.';
COMMENT ON COLUMN his.paciente.creado_en IS 'When the patient was registered.';
COMMENT ON COLUMN his.paciente.actualizado_en IS 'Last change of the row; null when never changed.';

CREATE TABLE his.profesional (
    id               bigserial    PRIMARY KEY,
    rut              varchar(12),
    titulo           varchar(10),
    nombres          varchar(100) NOT NULL,
    apellido_paterno varchar(60)  NOT NULL,
    apellido_materno varchar(60),
    especialidad     varchar(80),
    CONSTRAINT profesional_rut_uk UNIQUE (rut),
    CONSTRAINT profesional_rut_formato_ck CHECK (rut ~ '^[1-9][0-9]{0,7}-[0-9K]$')
);

COMMENT ON TABLE his.profesional IS 'Health professional who sees patients.';
COMMENT ON COLUMN his.profesional.rut IS 'RUT of the professional, normalised like his.paciente.rut.';
COMMENT ON COLUMN his.profesional.titulo IS 'Courtesy title as written before the name: Dr., Dra., Klgo., TM. ...';
COMMENT ON COLUMN his.profesional.nombres IS 'Given names.';
COMMENT ON COLUMN his.profesional.apellido_paterno IS 'First (paternal) surname.';
COMMENT ON COLUMN his.profesional.apellido_materno IS 'Second (maternal) surname.';
COMMENT ON COLUMN his.profesional.especialidad IS 'Main specialty (Medicina Interna, Cardiología, ...).';
