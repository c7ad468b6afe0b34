// The attach control's texts in en, fr, es and de: its label, progress, and one sentence per refusal.

/** Every text of attaching a file. */
export interface FileStrings {
  attach: string;
  /** The hidden file picker's accessible name. */
  picker: string;
  uploading(name: string): string;
  progress: string;
  sent(name: string): string;
  /** Per refusal code; `failed` for any other. */
  errors: Record<string, string>;
  failed: string;
  dismiss: string;
}

const en: FileStrings = {
  attach: "Attach a file",
  picker: "Choose a file to attach",
  uploading: (n) => `Uploading ${n}…`,
  progress: "Upload progress",
  sent: (n) => `${n} sent`,
  errors: {
    file_too_large: "This file is too large to send.",
    file_type_not_allowed: "Files of this type can't be sent here.",
    file_content_mismatch: "This file doesn't look like what its type says.",
    file_empty: "This file is empty.",
    file_name_invalid: "This file needs a shorter name.",
    files_disabled: "Files can't be sent in this chat.",
    file_session_not_found: "This chat has ended; files can't be sent.",
    network_error: "The file couldn't be sent: check your connection and try again.",
  },
  failed: "The file couldn't be sent. Please try again.",
  dismiss: "Dismiss",
};

const fr: FileStrings = {
  attach: "Joindre un fichier",
  picker: "Choisir un fichier à joindre",
  uploading: (n) => `Envoi de ${n}…`,
  progress: "Progression de l'envoi",
  sent: (n) => `${n} envoyé`,
  errors: {
    file_too_large: "Ce fichier est trop volumineux pour être envoyé.",
    file_type_not_allowed: "Les fichiers de ce type ne peuvent pas être envoyés ici.",
    file_content_mismatch: "Le contenu de ce fichier ne correspond pas à son type.",
    file_empty: "Ce fichier est vide.",
    file_name_invalid: "Le nom de ce fichier est trop long.",
    files_disabled: "Les fichiers ne peuvent pas être envoyés dans cette conversation.",
    file_session_not_found: "Cette conversation est terminée ; impossible d'envoyer des fichiers.",
    network_error: "Le fichier n'a pas pu être envoyé : vérifiez votre connexion et réessayez.",
  },
  failed: "Le fichier n'a pas pu être envoyé. Veuillez réessayer.",
  dismiss: "Fermer",
};

const es: FileStrings = {
  attach: "Adjuntar un archivo",
  picker: "Elegir un archivo para adjuntar",
  uploading: (n) => `Subiendo ${n}…`,
  progress: "Progreso de la subida",
  sent: (n) => `${n} enviado`,
  errors: {
    file_too_large: "Este archivo es demasiado grande para enviarlo.",
    file_type_not_allowed: "Aquí no se pueden enviar archivos de este tipo.",
    file_content_mismatch: "El contenido de este archivo no corresponde a su tipo.",
    file_empty: "Este archivo está vacío.",
    file_name_invalid: "El nombre de este archivo es demasiado largo.",
    files_disabled: "En este chat no se pueden enviar archivos.",
    file_session_not_found: "Este chat ha terminado; no se pueden enviar archivos.",
    network_error: "No se pudo enviar el archivo: comprueba tu conexión e inténtalo de nuevo.",
  },
  failed: "No se pudo enviar el archivo. Inténtalo de nuevo.",
  dismiss: "Cerrar",
};

const de: FileStrings = {
  attach: "Datei anhängen",
  picker: "Datei zum Anhängen auswählen",
  uploading: (n) => `${n} wird hochgeladen…`,
  progress: "Fortschritt des Hochladens",
  sent: (n) => `${n} gesendet`,
  errors: {
    file_too_large: "Diese Datei ist zu groß zum Senden.",
    file_type_not_allowed: "Dateien dieses Typs können hier nicht gesendet werden.",
    file_content_mismatch: "Der Inhalt dieser Datei passt nicht zu ihrem Typ.",
    file_empty: "Diese Datei ist leer.",
    file_name_invalid: "Der Name dieser Datei ist zu lang.",
    files_disabled: "In diesem Chat können keine Dateien gesendet werden.",
    file_session_not_found: "Dieser Chat ist beendet; Dateien können nicht gesendet werden.",
    network_error:
      "Die Datei konnte nicht gesendet werden: Prüfe deine Verbindung und versuche es erneut.",
  },
  failed: "Die Datei konnte nicht gesendet werden. Bitte versuche es erneut.",
  dismiss: "Schließen",
};

const BY_LANGUAGE: Record<string, FileStrings> = { en, fr, es, de };

/** The texts for a BCP-47 tag's primary language (English when unknown). */
export function fileStringsFor(language: string): FileStrings {
  return BY_LANGUAGE[language.split("-")[0]?.toLowerCase() ?? "en"] ?? en;
}

/** The sentence for a refusal code. */
export function refusalText(t: FileStrings, code: string): string {
  return t.errors[code] ?? t.failed;
}
