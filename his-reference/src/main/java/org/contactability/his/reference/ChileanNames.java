package org.contactability.his.reference;

import java.util.List;

/**
 * Hand-written lists of given names and surnames common in Chile (Datafaker has no es-CL names
 * worth its weight). The demo combines them: two given names, paternal and maternal surname.
 */
final class ChileanNames {

  static final List<String> FEMALE_GIVEN_NAMES = List.of(
      "María", "Juanita", "Ana", "Rosa", "Carmen", "Juana", "Margarita", "Gloria", "Teresa", "Olga", "Eliana",
      "Nancy", "Silvia", "Luisa", "Angélica", "Patricia", "Verónica", "Marcela", "Claudia", "Carolina",
      "Paola", "Andrea", "Lorena", "Ximena", "Jacqueline", "Elizabeth", "Francisca", "Daniela",
      "Fernanda", "Camila", "Javiera", "Constanza", "Valentina", "Catalina", "Macarena", "Paula",
      "Carla", "Isidora", "Sofía", "Antonia", "Florencia", "Martina", "Josefa", "Trinidad", "Agustina",
      "Emilia", "Isabel", "Beatriz", "Soledad", "Pamela", "Viviana");

  static final List<String> MALE_GIVEN_NAMES = List.of(
      "Juan", "José", "Luis", "Carlos", "Jorge", "Manuel", "Francisco", "Pedro", "Cristián", "Rodrigo",
      "Patricio", "Sergio", "Héctor", "Mauricio", "Claudio", "Ricardo", "Felipe", "Sebastián", "Matías",
      "Benjamín", "Vicente", "Tomás", "Diego", "Nicolás", "Ignacio", "Agustín", "Joaquín", "Alonso",
      "Gonzalo", "Marcelo", "Raúl", "Hugo", "Víctor", "Eduardo", "Alejandro", "Fernando", "Andrés",
      "Pablo", "Daniel", "Alberto", "Arturo", "Fabián", "Bastián", "Maximiliano", "Cristóbal", "Oscar",
      "Guillermo", "Enrique", "Hernán", "Domingo");

  static final List<String> SURNAMES = List.of(
      "González", "Muñoz", "Rojas", "Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez",
      "Sepúlveda", "Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Torres", "Araya", "Flores",
      "Espinoza", "Valenzuela", "Castillo", "Tapia", "Reyes", "Gutiérrez", "Castro", "Pizarro",
      "Álvarez", "Vásquez", "Sánchez", "Fernández", "Ramírez", "Carrasco", "Gómez", "Cortés", "Herrera",
      "Núñez", "Jara", "Vergara", "Rivera", "Figueroa", "Riquelme", "García", "Miranda", "Bravo", "Vera",
      "Molina", "Vega", "Campos", "Sandoval", "Orellana", "Cárdenas", "Olivares", "Alarcón", "Gallardo",
      "Ortiz", "Garrido", "Salazar", "Guzmán", "Henríquez", "Saavedra", "Navarro", "Aguilera", "Parra",
      "Romero", "Aravena", "Vargas", "Cáceres", "Yáñez", "Leiva", "Escobar", "Ruiz", "Valdés", "Vidal",
      "Salinas", "Zúñiga", "Peña", "Godoy", "Lagos", "Maldonado", "Bustos", "Medina", "Pino", "Palma",
      "Moreno", "Sanhueza", "Carvajal", "Navarrete", "Sáez", "Alvarado", "Donoso", "Poblete",
      "Bustamante", "Toro", "Ortega", "Venegas", "Guerrero", "Paredes", "Farías", "San Martín", "Mella",
      "Cabrera", "Mellado", "Huenchullán", "Millalonco", "Painemal", "Catrileo", "Ñancupil", "Galleguillos",
      "Barraza", "Ahumada");

  private ChileanNames() {
  }
}
