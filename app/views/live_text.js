// The live text area of app/views/live_text.py (st.components.v2): a <textarea> whose text goes
// to the app after a pause in typing and on leaving it, not only on Ctrl+Enter.
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const box = parentElement.querySelector("textarea");
  const label = parentElement.querySelector("label");
  label.textContent = data.label;
  box.setAttribute("aria-label", data.label);
  box.style.height = `${data.height}px`;
  // The app puts its text in the box when the box first shows and when it starts the box afresh
  // (a new `reset`); any other time the box keeps what the person is typing, whatever the app's
  // last run had seen of it.
  const reset = String(data.reset);
  if (box.dataset.reset !== reset) {
    const fresh = box.dataset.reset !== undefined;
    box.dataset.reset = reset;
    box.value = data.value;
    if (fresh) {
      setStateValue("text", data.value);
    }
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
