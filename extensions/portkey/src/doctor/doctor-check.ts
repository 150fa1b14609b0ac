/** One line of `openclaw portkey doctor`: a check's name, whether it passed, and what it found. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}
