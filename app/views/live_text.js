// The live text area of app/views/live_text.py (st.components.v2): a <textarea> whose text goes
// to the app after a pause in typing and on leaving it, not only on Ctrl+Enter.
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const box = parentElement.querySelector("textarea");
  const label = parentElement.querySelector("label");
  label.textContent = data.label;
  box.setAttribute("aria-label", data.label);
  // The app's text goes into the box when this instance first shows (a new instance after the
  // form is started afresh); after that the box keeps what the person types, whatever the app's
  // last run had seen of it.
  if (box.dataset.instance !== data.instance) {
    box.dataset.instance = data.instance;
    box.value = data.value;
    box.style.height = `${data.height}px`; // once: the person may drag it taller
  }
  const send = () => {
    clearTimeout(box.pending);
    box.pending = undefined;
    setStateValue("text", box.value);
  };
  box.oninput = () => {
    clearTimeout(box.pending);
    box.pending = setTimeout(send, data.pause_ms);
  };
  box.onblur = send;
}
